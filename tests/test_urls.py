"""Card URLs: public http(s) hosts only, in every notation; duplicates found after normalising.
The address table (``learnshelf.check.addresses``) decides for card validation and the link fetcher alike."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnshelf.check.addresses import BLOCKS, Address, Block, block_of
from learnshelf.check.urls import URL_PRIVATE_HOST, URL_TRACKING, check_url, clean_url, normalise_url
from learnshelf.tools.links import LinkPolicy
from learnshelf.tools.safefetch import Checker, Outcome


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://127.1/", "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/",
    "http://10.0.0.5/", "http://172.16.3.4/", "http://192.168.1.1/", "http://169.254.169.254/latest/",
    "http://[::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://localhost/",
    "http://printer.local/", "http://metadata.google.internal/", "http://intranet/",
])
def test_private_hosts_are_refused(url: str) -> None:
    assert [rule.id for rule, _ in check_url(url)] == ["url-private-host"]


@pytest.mark.parametrize("url, rule", [
    ("javascript:alert(1)", "url-scheme"), ("JAVASCRIPT:alert(1)", "url-scheme"), ("data:text/html,x", "url-scheme"),
    ("file:///etc/passwd", "url-scheme"), ("ftp://example.org/", "url-scheme"), ("//example.org/x", "url-scheme"),
    ("https://user@example.org/", "url-credentials"), ("https://", "url-invalid"),
    ("https://example.org:99999/", "url-invalid"), ("https://exa mple.org/", "url-invalid"),
    ("https://example.org/" + "a" * 2000, "url-too-long"), ("https://bad_host.example/", "url-private-host"),
])
def test_unsafe_or_malformed_urls(url: str, rule: str) -> None:
    assert [r.id for r, _ in check_url(url)] == [rule]


def test_public_https_url_is_clean() -> None:
    assert check_url("https://en.wikipedia.org/wiki/Onboarding") == []
    assert check_url("https://8.8.8.8/") == []


def test_internal_domains_from_policy_are_allowed() -> None:
    assert check_url("https://wiki.intranet/page", internal_domains=("intranet",)) == []


def test_tracking_parameters_warn_with_the_clean_url() -> None:
    assert check_url("https://example.org/a?id=7&utm_source=x&fbclid=y") == [
        (URL_TRACKING, "the URL carries tracking parameters; use https://example.org/a?id=7")]
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


@pytest.mark.parametrize(("variant", "canonical"), [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&si=AbC123xyz", "https://youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://youtube.com/watch?t=42&v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=1m2s", "https://youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ?si=AbC123xyz", "https://youtu.be/dQw4w9WgXcQ"),
    ("https://example.org/guide/index.html", "https://example.org/guide/"),
    ("https://example.org/INDEX.HTM", "https://example.org"),
    ("https://example.org/guide/index.html?utm_source=x", "https://example.org/guide"),
])
def test_share_parameters_and_index_pages_name_the_same_resource(variant: str, canonical: str) -> None:
    assert normalise_url(variant) == normalise_url(canonical)


def test_share_parameters_matter_elsewhere_and_the_video_id_always() -> None:
    assert normalise_url("https://example.org/talk?t=42") != normalise_url("https://example.org/talk")
    assert normalise_url("https://example.org/search?si=2") != normalise_url("https://example.org/search")
    assert normalise_url("https://youtube.com/watch?v=abc") != normalise_url("https://youtube.com/watch?v=abd")
    assert normalise_url("https://example.org/guide/index.php") != normalise_url("https://example.org/guide")


def test_different_resources_stay_different() -> None:
    assert normalise_url("https://example.org/guide?page=2") != normalise_url("https://example.org/guide")
    assert normalise_url("https://example.org:8443/guide") != normalise_url("https://example.org/guide")
    assert normalise_url("https://example.org/Guide") != normalise_url("https://example.org/guide")


def test_unreadable_ipv6_host_is_a_located_problem_not_a_crash() -> None:
    assert [r.id for r, _ in check_url("https://[::1/page")] == ["url-invalid"]
    assert normalise_url("https://[::1/page") == "https://[::1/page"


def sample(block: Block) -> Address:
    """An address that ``block`` itself decides: inside it, in no more specific block."""
    net = block.network
    inner = [net.network_address + 1, net.broadcast_address - 1] if net.num_addresses > 2 else []
    for candidate in (*inner, net.network_address, net.broadcast_address):
        if block_of(candidate) == block:
            return candidate
    raise AssertionError(f"every address of {net} belongs to a more specific block")


def literal_url(address: Address) -> str:
    return f"https://[{address}]/" if address.version == 6 else f"https://{address}/"


def fetcher(addresses: Sequence[str]) -> Checker:
    """A link fetcher whose resolver answers ``addresses`` for every name and never asks DNS."""
    return Checker(LinkPolicy(), (), lambda host, port: addresses)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"{b.network} {b.name}" for b in BLOCKS])
def test_validator_and_fetcher_agree_on_every_block_of_the_table(block: Block) -> None:
    address = sample(block)
    expected = ["url-private-host"] if block.refused else []
    assert [rule.id for rule, _ in check_url(literal_url(address))] == expected
    assert isinstance(fetcher([]).precheck(literal_url(address)), Outcome) == block.refused
    vetted = fetcher([str(address)]).vet("https://docs.example.org/")
    assert (isinstance(vetted, Outcome) and vetted.state == "refused") == block.refused


def test_the_table_follows_iana_where_python_3_11_does_not() -> None:
    refused = {str(b.network) for b in BLOCKS if b.refused}
    assert {"::/96", "2002::/16", "64:ff9b::/96", "64:ff9b:1::/48", "2001::/32", "fec0::/10",
            "::ffff:0:0/96", "224.0.0.0/4", "ff00::/8", "169.254.0.0/16"} <= refused
    assert not {"192.0.0.9/32", "192.31.196.0/24", "2001:1::1/128", "2001:4:112::/48"} & refused


@pytest.mark.parametrize("url, message", [
    ("https://[::127.0.0.1]/", "'::127.0.0.1' points at the IPv4-compatible range (::/96)"),
    ("https://[2002:7f00:1::]/", "'2002:7f00:1::' points at the 6to4 range (2002::/16)"),
    ("https://[64:ff9b::7f00:1]/", "'64:ff9b::7f00:1' points at the NAT64 range (64:ff9b::/96)"),
    ("https://[64:ff9b:1::1]/", "'64:ff9b:1::1' points at the local-use NAT64 range (64:ff9b:1::/48)"),
    ("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
     "'2001:0:4136:e378:8000:63bf:3fff:fdd2' points at the Teredo range (2001::/32)"),
    ("https://[fec0::1]/", "'fec0::1' points at the site-local range (fec0::/10)"),
    ("https://[::ffff:8.8.8.8]/", "'::ffff:8.8.8.8' points at the IPv4-mapped range (::ffff:0:0/96)"),
    ("http://2130706433/", "'2130706433' (read as 127.0.0.1) points at the loopback range (127.0.0.0/8)"),
    ("https://１２７.０.０.１/", "'１２７.０.０.１' (read as 127.0.0.1) points at the loopback range (127.0.0.0/8)"),
    ("https://１２７。０。０。１/", "'１２７。０。０。１' (read as 127.0.0.1) points at the loopback range (127.0.0.0/8)"),
    ("https://１６９｡２５４｡１６９｡２５４/",
     "'１６９｡２５４｡１６９｡２５４' (read as 169.254.169.254) points at the link-local range (169.254.0.0/16)"),
    ("https://０ｘ７ｆ０００００１/", "'０ｘ７ｆ０００００１' (read as 127.0.0.1) points at the loopback range (127.0.0.0/8)"),
    ("https://printer．local/", "'printer．local' (read as printer.local) is not a public host name"),
])
def test_private_host_messages_name_what_the_browser_reads_and_the_range(url: str, message: str) -> None:
    assert check_url(url) == [(URL_PRIVATE_HOST, f"{message}; card links must point at public websites")]


@pytest.mark.parametrize("url", [
    "https://bücher.example/", "https://straße.example/", "https://пример.испытание/", "https://مثال.إختبار/",
    "https://例え.jp/ページ", "https://fa.wikipedia.org/wiki/کتاب_خوب", "https://zh.wikipedia.org/wiki/学习",
    "https://ｅｘａｍｐｌｅ.org/", "https://[2606:4700:4700::1111]/", "https://192.31.196.1/",
])
def test_valid_hosts_and_paths_in_any_script_still_pass(url: str) -> None:
    assert check_url(url) == []


@pytest.mark.parametrize("address, block", [
    ("::7f00:1", "IPv4-compatible range, ::/96"), ("2002:7f00:1::", "6to4 range, 2002::/16"),
    ("64:ff9b::a9fe:a9fe", "NAT64 range, 64:ff9b::/96"), ("64:ff9b:1::a00:5", "local-use NAT64 range, 64:ff9b:1::/48"),
    ("fec0::1", "site-local range, fec0::/10"), ("2001::1", "Teredo range, 2001::/32"),
    ("::ffff:8.8.8.8", "IPv4-mapped range, ::ffff:0:0/96"), ("fe80::1%eth0", "link-local range, fe80::/10"),
])
def test_fetcher_refuses_a_name_resolving_into_a_transition_or_deprecated_range(address: str, block: str) -> None:
    outcome = fetcher(["93.184.216.34", address]).vet("https://docs.example.org/")
    assert outcome == Outcome("refused", detail=f"'docs.example.org' resolves to {address} (the {block}), "
                                                 "which is not public; not contacted")


def test_fetcher_lets_public_addresses_through() -> None:
    vetted = fetcher(["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]).vet("https://docs.example.org/")
    assert not isinstance(vetted, Outcome) and vetted.addresses == ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")
    assert ipaddress.ip_address(vetted.addresses[0]).version == 4
