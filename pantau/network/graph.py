"""An identifier's neighbourhood up to two hops, drawn on the server as SVG (no script, no CDN), with the
evidence of each edge listed beside it.

Nodes are identifiers and homes. An edge joins an identifier to a home it was found at (the place is the
evidence), or two identifiers found in the same record (the record is the evidence). Hop one: the
homes and identifiers next to the one opened; hop two: those next to them. Only places the reader may
see are drawn (``selectors.occurrences_visible_to``); three queries, whatever the size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape

from pantau.accounts.access import UserLike
from pantau.network.models import Entity, Occurrence
from pantau.network.selectors import occurrences_visible_to

MAX_NODES = 40
MAX_RECORDS = 100
SIZE = 760
RINGS = (0, 170, 300)
COLOURS = {
    "home": "#6b4f2a",
    "phone": "#1f6f8b",
    "bank": "#9c2f2f",
    "qris": "#b35c00",
    "handle": "#5a4e9c",
    "person": "#2f6b3a",
}


@dataclass
class Node:
    key: str  # "e:12" or "h:34"
    kind: str  # an entity kind, or "home"
    label: str
    hop: int
    parent: str | None = None
    url: str = ""
    x: float = 0.0
    y: float = 0.0


@dataclass
class Edge:
    a: str
    b: str
    evidence: list[Occurrence] = field(default_factory=list)
    via_record: bool = False


@dataclass
class Graph:
    centre: Entity
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str], Edge] = field(default_factory=dict)
    truncated: bool = False

    def add_node(self, node: Node) -> bool:
        if node.key in self.nodes:
            return True
        if len(self.nodes) >= MAX_NODES:
            self.truncated = True
            return False
        self.nodes[node.key] = node
        return True

    def add_edge(self, a: str, b: str, place: Occurrence, *, via_record: bool = False) -> None:
        if a == b or a not in self.nodes or b not in self.nodes:
            return
        edge = self.edges.setdefault(
            (min(a, b), max(a, b)), Edge(min(a, b), max(a, b), via_record=via_record)
        )
        if place not in edge.evidence:
            edge.evidence.append(place)

    @property
    def edge_list(self) -> list[Edge]:
        return sorted(
            self.edges.values(), key=lambda e: (self.nodes[e.a].hop + self.nodes[e.b].hop, e.a, e.b)
        )


def _entity_node(entity: Entity, hop: int, parent: str | None) -> Node:
    url = reverse("network:graph", args=[entity.pk]) if hop else ""
    return Node(f"e:{entity.pk}", entity.kind, entity.label, hop, parent, url=url)


def _home_node(place: Occurrence, hop: int, parent: str | None) -> Node:
    return Node(
        f"h:{place.lksa_id}",
        "home",
        place.lksa.name if place.lksa else "",
        hop,
        parent,
        url=reverse("registry:lksa_detail", args=[place.lksa_id]),
    )


def neighbourhood(user: UserLike, entity: Entity) -> Graph:
    graph = Graph(entity)
    graph.add_node(_entity_node(entity, 0, None))
    centre = f"e:{entity.pk}"
    visible = occurrences_visible_to(user).select_related("entity", "lksa")
    first = list(visible.filter(entity=entity).order_by("-last_seen", "pk")[:MAX_RECORDS])
    records = Q()
    for place in first:
        records |= Q(source=place.source, source_id=place.source_id)
        if place.lksa_id and graph.add_node(_home_node(place, 1, centre)):
            graph.add_edge(centre, f"h:{place.lksa_id}", place)
    hop_one_entities: set[int] = set()
    if first:
        for place in visible.filter(records).exclude(entity=entity).order_by("pk")[: MAX_NODES * 4]:
            node = _entity_node(place.entity, 1, centre)
            if graph.add_node(node):
                hop_one_entities.add(place.entity_id)
                anchor = next(p for p in first if (p.source, p.source_id) == (place.source, place.source_id))
                graph.add_edge(centre, node.key, anchor, via_record=True)
    homes = {int(key[2:]) for key, node in graph.nodes.items() if node.kind == "home"}
    if homes or hop_one_entities:
        second = (
            visible.filter(Q(lksa_id__in=homes) | Q(entity_id__in=hop_one_entities, lksa__isnull=False))
            .exclude(entity=entity)
            .order_by("-last_seen", "pk")[: MAX_NODES * 6]
        )
        for place in second:
            entity_key, home_key = f"e:{place.entity_id}", f"h:{place.lksa_id}"
            if place.lksa_id in homes:
                graph.add_node(_entity_node(place.entity, 2, home_key))
            else:
                graph.add_node(_home_node(place, 2, entity_key))
            graph.add_edge(entity_key, home_key, place)
    _layout(graph)
    return graph


def _layout(graph: Graph) -> None:
    """Rings: the identifier in the middle, hop one around it, hop two outside, each near its parent."""
    middle = SIZE / 2
    ring_one = [n for n in graph.nodes.values() if n.hop == 1]
    for index, node in enumerate(ring_one):
        angle = 2 * math.pi * index / max(1, len(ring_one))
        node.x, node.y = middle + RINGS[1] * math.cos(angle), middle + RINGS[1] * math.sin(angle)
    by_parent: dict[str, list[Node]] = {}
    for node in graph.nodes.values():
        if node.hop == 2 and node.parent:
            by_parent.setdefault(node.parent, []).append(node)
        elif node.hop == 0:
            node.x = node.y = middle
    spread = 2 * math.pi / max(1, len(ring_one))
    for parent_key, children in by_parent.items():
        parent = graph.nodes[parent_key]
        base = math.atan2(parent.y - middle, parent.x - middle)
        for index, node in enumerate(children):
            offset = (index - (len(children) - 1) / 2) * min(0.22, spread / max(1, len(children)))
            node.x = middle + RINGS[2] * math.cos(base + offset)
            node.y = middle + RINGS[2] * math.sin(base + offset)


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


CHAR_WIDTH = 7.0  # a generous average at font-size 12 (DejaVu Sans), to keep labels inside the drawing
PAD = 8
SIDE = 0.7  # |cos| of an outer node's angle from which its label runs level (the drawing's sides)


@dataclass
class _Label:
    x: float
    y: float
    anchor: str
    rotate: float  # degrees, about (x, y)
    box: tuple[float, float, float, float]  # left, top, right, bottom, to fit the drawing around

    @property
    def transform(self) -> str:
        return f' transform="rotate({self.rotate:.1f} {self.x:.1f} {self.y:.1f})"' if self.rotate else ""


def _label(node: Node, radius: int) -> _Label:
    """Where a node's label goes. Outer-ring labels point away from the middle: level on the sides of
    the drawing (neighbours there sit one above the other), along their radius at the top and bottom,
    as in a radial tree (neighbours there sit side by side: level labels would run into each other and
    into the label of the home they hang from)."""
    width = len(_short(node.label)) * CHAR_WIDTH
    if node.hop == 2:
        angle = math.atan2(node.y - SIZE / 2, node.x - SIZE / 2)
        cos, sin = math.cos(angle), math.sin(angle)
        level = abs(cos) >= SIDE
        step = (1.0 if cos >= 0 else -1.0, 0.0) if level else (cos, sin)
        x, y = node.x + (radius + 4) * step[0], node.y + (radius + 4) * step[1]
        end_x, end_y = x + width * step[0], y + width * step[1]
        # Never upside down: on the left the text is turned half a turn and ends at the node.
        rotate = 0.0 if level else math.degrees(angle) - (180 if cos < 0 else 0)
        box = (min(x, end_x) - 7, min(y, end_y) - 7, max(x, end_x) + 7, max(y, end_y) + 7)
        return _Label(x, y, "start" if cos >= 0 else "end", rotate, box)
    half = max(width / 2, radius)
    y = node.y + radius + 14
    return _Label(node.x, y, "middle", 0.0, (node.x - half, node.y - radius, node.x + half, y + 4))


def svg(graph: Graph, *, title: str, describe: Any) -> str:
    """The drawing. ``describe(place)`` gives an edge's evidence as text (its tooltip). Its box is
    fitted to the nodes and labels drawn (no label cut at the edge, no empty band above and below)."""
    labels: dict[str, _Label] = {}
    left = top = float(SIZE)
    right = bottom = 0.0
    for node in graph.nodes.values():
        radius = 16 if node.hop == 0 else 11
        labels[node.key] = label = _label(node, radius)
        left, right = min(left, node.x - radius, label.box[0]), max(right, node.x + radius, label.box[2])
        top, bottom = min(top, node.y - radius, label.box[1]), max(bottom, node.y + radius, label.box[3])
    left, top = math.floor(left - PAD), math.floor(top - PAD)
    width, height = math.ceil(right + PAD) - left, math.ceil(bottom + PAD) - top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left} {top} {width} {height}" '
        f'width="{width}" height="{height}" class="network-graph" '
        f'role="img" aria-labelledby="network-graph-title">'
        f'<title id="network-graph-title">{escape(title)}</title>'
    ]
    for edge in graph.edge_list:
        a, b = graph.nodes[edge.a], graph.nodes[edge.b]
        dash = ' stroke-dasharray="6 4"' if edge.via_record else ""
        tip = "; ".join(describe(place) for place in edge.evidence[:5])
        parts.append(
            f'<line x1="{a.x:.1f}" y1="{a.y:.1f}" x2="{b.x:.1f}" y2="{b.y:.1f}" stroke="#8a8a8a" '
            f'stroke-width="{min(6, 1 + len(edge.evidence))}"{dash}><title>{escape(tip)}</title></line>'
        )
    for node in graph.nodes.values():
        colour = COLOURS.get(node.kind, "#444")
        radius = 16 if node.hop == 0 else 11
        shape = (
            f'<rect x="{node.x - radius:.1f}" y="{node.y - radius:.1f}" width="{2 * radius}" '
            f'height="{2 * radius}" rx="3" fill="{colour}"/>'
            if node.kind == "home"
            else f'<circle cx="{node.x:.1f}" cy="{node.y:.1f}" r="{radius}" fill="{colour}"/>'
        )
        spot = labels[node.key]
        centred = ' dominant-baseline="central"' if node.hop == 2 else ""
        text = (
            f'<text x="{spot.x:.1f}" y="{spot.y:.1f}" text-anchor="{spot.anchor}"{centred}{spot.transform} '
            f'font-size="12" fill="#222">{escape(_short(node.label))}</text>'
        )
        body = f"<g><title>{escape(node.label)}</title>{shape}{text}</g>"
        if node.url:
            body = f'<a href="{escape(node.url)}">{body}</a>'
        parts.append(body)
    parts.append("</svg>")
    return "".join(parts)
