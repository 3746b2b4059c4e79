"""Card URLs: public http(s) hosts only, in every notation; duplicates found after normalising."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnshelf.urls import check_url, clean_url, normalise_url


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://127.1/", "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/",
    "http://10.0.0.5/", "http://172.16.3.4/", "http://192.168.1.1/", "http://169.254.169.254/latest/",
    "http://[::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://localhost/",
    "http://printer.local/", "http://metadata.google.internal/", "http://intranet/",
])
def test_private_hosts_are_refused(url: str) -> None:
    assert [rule for rule, _ in check_url(url)] == ["url-private-host"]


@pytest.mark.parametrize("url, rule", [
    ("javascript:alert(1)", "url-scheme"), ("JAVASCRIPT:alert(1)", "url-scheme"), ("data:text/html,x", "url-scheme"),
    ("file:///etc/passwd", "url-scheme"), ("ftp://example.org/", "url-scheme"), ("//example.org/x", "url-scheme"),
    ("https://user@example.org/", "url-credentials"), ("https://", "url-invalid"),
    ("https://example.org:99999/", "url-invalid"), ("https://exa mple.org/", "url-invalid"),
    ("https://example.org/" + "a" * 2000, "url-too-long"), ("https://bad_host.example/", "url-private-host"),
])
def test_unsafe_or_malformed_urls(url: str, rule: str) -> None:
    assert [r for r, _ in check_url(url)] == [rule]


def test_public_https_url_is_clean() -> None:
    assert check_url("https://en.wikipedia.org/wiki/Onboarding") == []
    assert check_url("https://8.8.8.8/") == []


def test_internal_domains_from_policy_are_allowed() -> None:
    assert check_url("https://wiki.intranet/page", internal_domains=("intranet",)) == []


def test_tracking_parameters_warn_with_the_clean_url() -> None:
    assert check_url("https://example.org/a?id=7&utm_source=x&fbclid=y") == [
        ("url-tracking", "the URL carries tracking parameters; use https://example.org/a?id=7")]
    assert clean_url("https://example.org/a?utm_medium=m") == "https://example.org/a"


@pytest.mark.parametrize("variant", [
    "http://example.org/guide", "HTTPS://EXAMPLE.ORG/guide/", "https://www.example.org/guide",
    "https://example.org:443/guide", "https://example.org/guide?utm_source=news&fbclid=abc",
])
def test_same_resource_normalises_to_one_key(variant: str) -> None:
    assert normalise_url(variant) == normalise_url("https://example.org/guide")


@given(st.sampled_from(["http", "https", "HTTPS"]), st.from_regex(r"(www\.)?[A-Za-z0-9\-_~]{1,8}(\.[A-Za-z0-9]{1,5}){0,2}\.?", fullmatch=True),
       st.from_regex(r"(/[A-Za-z0-9%\-._~é]{0,6}){0,3}/?", fullmatch=True))
def test_a_plain_url_has_the_key_of_the_same_url_with_tracking_parameters(scheme: str, host: str, path: str) -> None:
    url = f"{scheme}://{host}{path}"  # the common form has a shortcut; with a query it takes the general way
    assert normalise_url(url) == normalise_url(url + "?utm_source=newsletter")


@given(st.sampled_from(["http", "https", "HTTPS", "ftp"]),
       st.from_regex(r"(www\.)?[A-Za-z0-9\-_~.]{0,12}(\.(local|internal|lan|com|0|1|x7f|corp\.example))?\.?", fullmatch=True),
       st.from_regex(r"(/[A-Za-z0-9%\-._~é]{0,6}){0,3}/?", fullmatch=True))
def test_a_plain_url_is_checked_as_the_general_way_checks_it(scheme: str, host: str, path: str) -> None:
    url = f"{scheme}://{host}{path}"  # the common form has a shortcut; with a fragment it takes the general way
    internal = ("corp.example",)
    assert check_url(url, internal) == check_url(url + "#top", internal)


def test_different_resources_stay_different() -> None:
    assert normalise_url("https://example.org/guide?page=2") != normalise_url("https://example.org/guide")
    assert normalise_url("https://example.org:8443/guide") != normalise_url("https://example.org/guide")
    assert normalise_url("https://example.org/Guide") != normalise_url("https://example.org/guide")


def test_unreadable_ipv6_host_is_a_located_problem_not_a_crash() -> None:
    assert [r for r, _ in check_url("https://[::1/page")] == ["url-invalid"]
    assert normalise_url("https://[::1/page") == "https://[::1/page"
