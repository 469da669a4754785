from .page_weight import page_weight

GOAL = 40 * 1024


def test_show_page_with_its_css_and_js_stays_under_40_kb_gzipped(client):
    artist_page = client.get("/artists/tm/K8vZ91mDDPm", follow_redirects=True).text
    show_path = "/shows/" + artist_page.split('href="/shows/', 1)[1].split('"', 1)[0]
    sizes = page_weight(client, show_path)
    assert "/static/vendor/htmx/htmx.min.js" in sizes and "/static/css/theset.css" in sizes
    print(f"show page weight: {sum(sizes.values())} bytes gzip {sizes}")
    assert sum(sizes.values()) < GOAL
