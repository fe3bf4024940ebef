"""Behaviour tests for crawler.urls: canonical URLs, site scope, trap keys and unverifiable hosts."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_rules.urls import canonicalize, classify_external, same_site
from crawler.urls import path_pattern

BASE = "http://www.nongbua.go.th/public/list/data/index/menu/1180"


@pytest.mark.parametrize(
    "href, base, expected",
    [
        ("HTTP://WWW.NongBua.GO.TH:80/ita.php", None, "http://www.nongbua.go.th/ita.php"),
        ("https://nongbua.go.th:443", None, "https://nongbua.go.th/"),
        ("http://127.0.0.1:8000/ita", None, "http://127.0.0.1:8000/ita"),
        ("detail/id/366/menu/1180", BASE, "http://www.nongbua.go.th/public/list/data/index/menu/detail/id/366/menu/1180"),
        ("../../detail/id/366", BASE, "http://www.nongbua.go.th/public/list/data/detail/id/366"),
        ("/page/ita.php#oit-01", BASE, "http://www.nongbua.go.th/page/ita.php"),
        ("//cdn.example.com/a.pdf", "https://x.go.th/", "https://cdn.example.com/a.pdf"),
        ("http://x.go.th/a/./b/../c", None, "http://x.go.th/a/c"),
        ("http://x.go.th/%7Euser/%2e%2e/ita", None, "http://x.go.th/ita"),
        ("http://x.go.th/a%2fb%3a", None, "http://x.go.th/a%2Fb%3A"),
        ("http://x.go.th/CTM/images PR/660527.1.html", None, "http://x.go.th/CTM/images%20PR/660527.1.html"),
        ("http://x.go.th/100%", None, "http://x.go.th/100%25"),
        ("images\\ita\\o1.pdf", "http://x.go.th/web/", "http://x.go.th/web/images/ita/o1.pdf"),
        ("  http://x.go.th/a\n.php ", None, "http://x.go.th/a.php"),
        ("http://x.go.th/ita.php?y=2566&", None, "http://x.go.th/ita.php?y=2566"),
        ("http://x.go.th/?", None, "http://x.go.th/"),
        ("http://x.go.th/list?b=2&a=1&a=0", None, "http://x.go.th/list?a=0&a=1&b=2"),
        ("http://x.go.th/s?q=a+b&x=%e0%b8%81", None, "http://x.go.th/s?q=a+b&x=%E0%B8%81"),
        ("http://x.go.th/a?v=x=y", None, "http://x.go.th/a?v=x%3Dy"),
    ],
)
def test_canonicalize(href, base, expected):
    assert canonicalize(href, base) == expected


def test_thai_path_raw_and_encoded_are_equal():
    raw = canonicalize("https://www.kudpladuk.go.th/จัดซื้อจัดจ้าง/ประกาศ")
    enc = canonicalize("https://www.kudpladuk.go.th/%e0%b8%88%e0%b8%b1%e0%b8%94%e0%b8%8b%e0%b8%b7%e0%b9%89%e0%b8%ad"
                       "%e0%b8%88%e0%b8%b1%e0%b8%94%e0%b8%88%e0%b9%89%e0%b8%b2%e0%b8%87/"
                       "%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%81%E0%B8%B2%E0%B8%A8")
    assert raw == enc
    assert raw is not None and raw.isascii()


def test_thai_idn_host():
    assert canonicalize("https://ตัวอย่าง.ไทย/ita") == "https://xn--72c1a1bt4awk9o.xn--o3cw4h/ita"


@pytest.mark.parametrize(
    "href, expected",
    [
        ("http://x.go.th/index.php?PHPSESSID=0f3c2a9b&id=5", "http://x.go.th/index.php?id=5"),
        ("http://x.go.th/list.jsp;jsessionid=A1B2C3D4?page=2", "http://x.go.th/list.jsp?page=2"),
        ("http://x.go.th/a;JSESSIONID=zz/b.jsp", "http://x.go.th/a/b.jsp"),
        ("http://x.go.th/?sid=abc&SessionID=1&session_id=2&jsessionid=3&p=1767", "http://x.go.th/?p=1767"),
        ("http://x.go.th/?s=0123456789abcdef0123456789ABCDEF&page_id=2012", "http://x.go.th/?page_id=2012"),
        ("http://x.go.th/?s=ITA", "http://x.go.th/?s=ITA"),  # WordPress search keeps its s=
        ("http://x.go.th/p?utm_source=fb&utm_medium=social&fbclid=IwAR0&gclid=Cj0&id=3", "http://x.go.th/p?id=3"),
        ("http://x.go.th/p?fbclid=IwAR0", "http://x.go.th/p"),
    ],
)
def test_session_and_tracking_params_dropped(href, expected):
    assert canonicalize(href) == expected


@pytest.mark.parametrize(
    "href",
    ["", "   ", "#", "#oit-01", "javascript:void(0)", "JavaScript:;", "mailto:saraban@x.go.th", "tel:055411234",
     "ftp://x.go.th/a", "data:text/html,hi", "http://", "http://exa mple.com/", "http://x.go.th:99999/"],
)
def test_not_crawlable(href):
    assert canonicalize(href, BASE) is None


def test_relative_without_base_is_none():
    assert canonicalize("ita.php") is None


_seg = st.lists(st.sampled_from(list("abcXYZ019-._~%!$&'()*+,;=:@ ") + ["ข่าว", "ตำบล", "..", "%2e", "%7E",
                                                                     "%e0%b8%81", "\\", ";jsessionid=9"]),
                max_size=6).map("".join)
_url = st.builds(
    lambda scheme, host, port, segs, query, frag: f"{scheme}://{host}{port}/{'/'.join(segs)}{query}{frag}",
    st.sampled_from(["http", "HTTPS", "https"]),
    st.sampled_from(["x.go.th", "WWW.X.GO.TH", "ตำบล.ไทย", "127.0.0.1", "[::1]"]),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.lists(_seg, max_size=5),
    st.one_of(st.just(""), st.lists(
        st.sampled_from(list("ab=&%2e+ ?/") + ["utm_x=1", "s=0123456789abcdef0123456789abcdef", "ก"]),
        max_size=12).map(lambda parts: "?" + "".join(parts))),
    st.sampled_from(["", "#", "#top"]),
)


@settings(max_examples=300, deadline=None)
@given(_url)
def test_canonicalize_idempotent_structured(url):
    c = canonicalize(url)
    assert c is not None
    assert canonicalize(c) == c


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.sampled_from([None, BASE, "https://x.go.th/a/b/"]))
def test_canonicalize_idempotent_any_text(href, base):
    c = canonicalize(href, base)
    if c is not None:
        assert canonicalize(c) == c
        assert c.isascii()


# ---------------------------------------------------------------- same_site


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("http://www.nongbua.go.th/ita.php", "https://nongbua.go.th/", True),
        ("https://NongBua.go.th:443/a", "http://www.nongbua.go.th:80/b", True),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/ita", True),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8001/", False),
        ("http://x.go.th:8080/", "http://x.go.th/", False),
        ("https://eservice.nongbua.go.th/", "https://nongbua.go.th/", False),
        ("https://test.rtrda.or.th/ita", "https://www.rtrda.or.th/ita", False),
        ("javascript:void(0)", "https://x.go.th/", False),
    ],
)
def test_same_site(a, b, expected):
    assert same_site(a, b) is expected


# ---------------------------------------------------------------- path_pattern


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/calendar/2568/10/?d=12", "/calendar/{n}/{n}/?d={n}"),
        ("http://x.go.th/calendar/2568/11/?d=3", "/calendar/{n}/{n}/?d={n}"),
        ("http://x.go.th/event?date=2025-10-01&view=month", "/event?date={n}-{n}-{n}&view=month"),
        ("http://x.go.th/public/list/data/detail/id/366/menu/1180", "/public/list/data/detail/id/{n}/menu/{n}"),
        ("http://x.go.th/f/5d41402abc4b2a76b9719d911017c592.pdf", "/f/{h}.pdf"),
        ("http://x.go.th/ข่าว/2568", "/ข่าว/{n}"),
    ],
)
def test_path_pattern(url, expected):
    assert path_pattern(url) == expected


def test_path_pattern_separates_distinct_thai_paths():
    assert path_pattern("http://x.go.th/ข่าว") != path_pattern("http://x.go.th/แผน")


# ---------------------------------------------------------------- classify_external


@pytest.mark.parametrize(
    "url, reason",
    [
        ("https://www.facebook.com/p/อบต.หนองบัว-100064/", "facebook"),
        ("https://web.facebook.com/profile.php?id=1000", "facebook"),
        ("https://fb.com/nongbua", "facebook"),
        ("https://m.me/nongbua", "facebook"),
        ("https://www.messenger.com/t/1000", "facebook"),
        ("https://docs.google.com/forms/d/e/1FAIpQL/viewform", "google_forms"),
        ("https://forms.gle/AbCdEf", "google_forms"),
        ("https://docs.google.com/document/d/1x/edit", "google_drive"),
        ("https://drive.google.com/drive/folders/1AbC?usp=sharing", "google_drive"),
        ("https://sites.google.com/kotham.ac.th/oit-2567/หน้าแรก", "google_sites"),
        ("https://line.me/R/ti/p/@nongbua", "line"),
        ("https://lin.ee/AbCd", "line"),
        ("https://www.youtube.com/watch?v=x", "youtube"),
        ("https://youtu.be/x", "youtube"),
        ("https://khamnadee.wixsite.com/oit", "wix"),
        ("https://flowpaper.com/online-pdf-viewer/?pdf=x", "flowpaper"),
        ("https://www.nongbua.go.th/ita.php", None),
        ("https://process3.gprocurement.go.th/egp2procmainWeb/jsp/procsearch.sch", None),
        ("https://itas.nacc.go.th/go/eit/abc", None),
        ("https://notfacebook.com/", None),
        ("mailto:x@y.z", None),
    ],
)
def test_classify_external(url, reason):
    assert classify_external(url) == reason
