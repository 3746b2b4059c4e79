"""Special-purpose IP addresses: the one table of address blocks, which of them a card link or
a link check may reach, and the lookup naming the block an address falls in; and nothing more.
``urls`` decides what address a URL's host means; ``safefetch`` asks here about every address
a name resolves to. Neither keeps a list of its own.

The table copies IANA's special-purpose address registries (iana-ipv4-special-registry and
iana-ipv6-special-registry): each block with its prefix, a readable name (IANA's, shortened)
and IANA's "Globally Reachable" column. An address is refused when the most specific block
holding it is not globally reachable (``False``, or ``None`` where IANA says N/A).

Beyond the special registries the table adds what Python 3.11's ``ipaddress`` gets wrong or
the registries leave to others: multicast (both families), the deprecated site-local
``fec0::/10``, the deprecated IPv4-compatible ``::/96``, and the IPv6 space IANA has not
allocated (everything outside ``2000::/3`` that no other block names), which no public
server can hold.

Transition ranges (IPv4-mapped, IPv4-compatible, 6to4, NAT64, Teredo) carry an IPv4 address
inside the IPv6 one, and that IPv4 address is where a connection really goes (``64:ff9b::7f00:1``
reaches 127.0.0.1 through a NAT64 gateway). Rather than decode each embedding, these blocks are
refused outright, even NAT64's ``64:ff9b::/96``, which IANA calls globally reachable: no card
needs to link to one.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Block:
    """One address block: where it is, what it is called and whether it may be contacted."""

    network: Network
    name: str
    reachable: bool | None  # IANA's "Globally Reachable"; None where IANA says N/A
    carries_ipv4: bool = False  # a transition range: the destination is an IPv4 address inside

    @property
    def refused(self) -> bool:
        """True when no card link or link check may point into this block."""
        return self.carries_ipv4 or self.reachable is not True


def _block(prefix: str, name: str, reachable: bool | None, carries_ipv4: bool = False) -> Block:
    return Block(ipaddress.ip_network(prefix), name, reachable, carries_ipv4)


#: iana-ipv4-special-registry, in the registry's order.
_IPV4_SPECIAL = (
    _block("0.0.0.0/8", "this-network", False),
    _block("0.0.0.0/32", "this-host", False),
    _block("10.0.0.0/8", "private-use", False),
    _block("100.64.0.0/10", "shared (carrier-grade NAT)", False),
    _block("127.0.0.0/8", "loopback", False),
    _block("169.254.0.0/16", "link-local", False),  # holds cloud metadata (169.254.169.254)
    _block("172.16.0.0/12", "private-use", False),
    _block("192.0.0.0/24", "IETF protocol assignments", False),
    _block("192.0.0.0/29", "IPv4 service continuity", False),
    _block("192.0.0.8/32", "IPv4 dummy address", False),
    _block("192.0.0.9/32", "Port Control Protocol anycast", True),
    _block("192.0.0.10/32", "TURN anycast", True),
    _block("192.0.0.170/32", "NAT64/DNS64 discovery", False),
    _block("192.0.0.171/32", "NAT64/DNS64 discovery", False),
    _block("192.0.2.0/24", "documentation (TEST-NET-1)", False),
    _block("192.31.196.0/24", "AS112-v4", True),
    _block("192.52.193.0/24", "AMT", True),
    _block("192.88.99.0/24", "deprecated 6to4 relay anycast", None),
    _block("192.88.99.2/32", "6a44 relay anycast", False),
    _block("192.168.0.0/16", "private-use", False),
    _block("192.175.48.0/24", "direct delegation AS112 service", True),
    _block("198.18.0.0/15", "benchmarking", False),
    _block("198.51.100.0/24", "documentation (TEST-NET-2)", False),
    _block("203.0.113.0/24", "documentation (TEST-NET-3)", False),
    _block("240.0.0.0/4", "reserved", False),
    _block("255.255.255.255/32", "limited broadcast", False),
)

#: iana-ipv6-special-registry, in the registry's order.
_IPV6_SPECIAL = (
    _block("::1/128", "loopback", False),
    _block("::/128", "unspecified", False),
    _block("::ffff:0:0/96", "IPv4-mapped", False, carries_ipv4=True),
    _block("64:ff9b::/96", "NAT64", True, carries_ipv4=True),
    _block("64:ff9b:1::/48", "local-use NAT64", False, carries_ipv4=True),
    _block("100::/64", "discard-only", False),
    _block("100:0:0:1::/64", "dummy IPv6 prefix", False),
    _block("2001::/23", "IETF protocol assignments", False),
    _block("2001::/32", "Teredo", None, carries_ipv4=True),
    _block("2001:1::1/128", "Port Control Protocol anycast", True),
    _block("2001:1::2/128", "TURN anycast", True),
    _block("2001:1::3/128", "DNS-SD service registration anycast", True),
    _block("2001:2::/48", "benchmarking", False),
    _block("2001:3::/32", "AMT", True),
    _block("2001:4:112::/48", "AS112-v6", True),
    _block("2001:10::/28", "deprecated ORCHID", None),
    _block("2001:20::/28", "ORCHIDv2", True),
    _block("2001:30::/28", "drone remote ID entity tags", True),
    _block("2001:db8::/32", "documentation", False),
    _block("2002::/16", "6to4", None, carries_ipv4=True),
    _block("2620:4f:8000::/48", "direct delegation AS112 service", True),
    _block("3fff::/20", "documentation", False),
    _block("5f00::/16", "segment routing (SRv6) SID", False),
    _block("fc00::/7", "unique-local", False),
    _block("fe80::/10", "link-local", False),
)

#: Not in the special registries. Multicast has registries of its own (a group, not a server);
#: site-local (RFC 3879) and IPv4-compatible (RFC 4291) are deprecated but still routed by
#: some stacks; the rest is the IPv6 address space registry's "Reserved by IETF", i.e. every
#: address outside 2000::/3 (global unicast) that the blocks above do not name.
_OTHER = (
    _block("224.0.0.0/4", "multicast", False),
    _block("ff00::/8", "multicast", False),
    _block("fec0::/10", "site-local", False),
    _block("::/96", "IPv4-compatible", False, carries_ipv4=True),
    *(_block(prefix, "IETF-reserved", False) for prefix in (
        "::/8", "100::/8", "200::/7", "400::/6", "800::/5", "1000::/4", "4000::/3", "6000::/3",
        "8000::/3", "a000::/3", "c000::/3", "e000::/4", "f000::/5", "f800::/6", "fe00::/9")),
)

#: Every block, the most specific first, so the first one holding an address is the one that
#: decides (192.0.0.9, PCP anycast, is reachable inside the unreachable 192.0.0.0/24).
BLOCKS: tuple[Block, ...] = tuple(sorted(
    (*_IPV4_SPECIAL, *_IPV6_SPECIAL, *_OTHER), key=lambda b: (b.network.version, -b.network.prefixlen)))


def block_of(address: Address) -> Block | None:
    """The most specific block holding ``address``, or None for an ordinary public address."""
    for block in BLOCKS:
        if block.network.version == address.version and address in block.network:
            return block
    return None


def refusal(address: Address) -> Block | None:
    """The block that forbids contacting ``address``, or None when it may be contacted."""
    block = block_of(address)
    return block if block is not None and block.refused else None
