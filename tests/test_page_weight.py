import re

from .support.page_weight import page_weight

GOAL = 40 * 1024


def test_show_page_with_its_assets_stays_under_40_kb_on_the_wire(client):
    artist_page = client.get("/artists/tm/K8vZ91mDDPm", follow_redirects=True).text
    show_path = "/shows/" + artist_page.split('href="/shows/', 1)[1].split('"', 1)[0]
    sizes = page_weight(client, show_path)
    hashed = r"/static/(vendor/htmx/htmx\.min|css/theset)\.[0-9a-f]{12}\.(js|css)"
    assert len([path for path in sizes if re.fullmatch(hashed, path)]) == 2
    print(f"show page weight: {sum(sizes.values())} bytes on the wire {sizes}")
    assert sum(sizes.values()) < GOAL
