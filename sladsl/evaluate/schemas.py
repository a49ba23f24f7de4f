"""The columns of every kind of measurement data (:mod:`sladsl.evaluate.data` reads them):
name, type, whether required, whether a key; and the pairs of times that must be in order."""

from __future__ import annotations

from .convert import Col

SCHEMAS: dict[str, tuple[Col, ...]] = {
    "requests": (Col("time", "time", True), Col("latency_ms", "decimal"),
                 Col("success", "bool"), Col("status", "int"), Col("service", "text")),
    "probes": (Col("time", "time", True), Col("up", "bool", True), Col("probe", "text"),
               Col("service", "text")),
    "incidents": (Col("id", "text", True, True), Col("start", "time", True), Col("end", "time"),
                  Col("priority", "priority"), Col("cause", "cause"),
                  Col("discovered_at", "time"), Col("reported_at", "time"),
                  Col("downtime", "bool"), Col("service", "text")),
    "maintenance": (Col("id", "text", False, True), Col("start", "time", True),
                    Col("end", "time", True), Col("announced_at", "time"), Col("kind", "text"),
                    Col("service", "text")),
    "tickets": (Col("id", "text", True, True), Col("priority", "priority"),
                Col("opened_at", "time", True), Col("first_response_at", "time"),
                Col("resolved_at", "time"), Col("first_contact", "bool"),
                Col("closed_at", "time"), Col("service", "text"), Col("status", "status")),
    "ticket_changes": (Col("ticket_id", "text", True), Col("time", "time", True),
                       Col("priority", "priority", True)),
    "ticket_pauses": (Col("ticket_id", "text", True), Col("start", "time", True),
                      Col("end", "time")),
    # A status history: paused while a ticket's status is "waiting" (read when there is no
    # ticket_pauses file).
    "ticket_statuses": (Col("ticket_id", "text", True), Col("time", "time", True),
                        Col("status", "status", True)),
    "surveys": (Col("time", "time", True), Col("satisfaction", "decimal"),
                Col("promoter", "int"), Col("service", "text")),
    "deliverables": (Col("kind", "text", True), Col("period", "text"), Col("reference", "text"),
                     Col("delivered_at", "time"), Col("party", "text")),
    "fees": (Col("period", "text", True), Col("amount", "decimal", True),
             Col("currency", "text"), Col("name", "text")),
    "claims": (Col("period", "text", True), Col("objective", "text"),
               Col("claimed_at", "time", True)),
    # Pre-aggregated measurements (sladsl.evaluate.aggregates): counts per interval starting
    # at ``time``, and cumulative latency histogram buckets as Prometheus exports them.
    "request_counts": (Col("time", "time", True), Col("total", "int", True), Col("failed", "int"),
                       Col("good", "int"), Col("service", "text")),
    "probe_counts": (Col("time", "time", True), Col("checks", "int", True),
                     Col("failures", "int", True), Col("service", "text")),
    "latency_buckets": (Col("time", "time", True), Col("le", "text", True),
                        Col("count", "int", True), Col("service", "text")),
}

#: Pairs (earlier, later) that must be in order within a row.
ORDERED: dict[str, tuple[tuple[str, str], ...]] = {
    "incidents": (("start", "end"),),
    "maintenance": (("start", "end"),),
    "ticket_pauses": (("start", "end"),),
    "tickets": (("opened_at", "first_response_at"), ("opened_at", "resolved_at"),
                ("opened_at", "closed_at")),
}
