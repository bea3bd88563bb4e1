"""The raw SQL twin of each measured page's queries: the limit ``manage.py bench`` sets the
product against (BENCHMARKS.md).

Each entry does in plain SQL what the page's ORM code (``reporting.board``,
``reporting.views_tables``, ``reporting.views_charts``) asks the database for, aggregates
included, so a review of one is a review of the other. Portable SQL with ``%(name)s``
parameters, run through Django's cursor on PostgreSQL and SQLite alike.
"""

from __future__ import annotations

MONTH_REPORT = """
LEFT JOIN measures_measurereport r ON r.measure_id = m.id
 AND r.period_id IN (SELECT p.id FROM measures_reportingperiod p WHERE p.month = %(month)s)
"""
"""A measure's report of the month (one per measure: periods are per region)."""

CURRENT_STATUS = "COALESCE(r.status, NULLIF(m.status, ''), '')"

BOARD = {
    "months": """
        SELECT p.month FROM measures_reportingperiod p
        WHERE p.region_id = %(region)s ORDER BY p.month DESC""",
    "planned_by_year": """
        SELECT ps.year, SUM(ps.amount) FROM measures_plannedsaving ps
        JOIN measures_measure m ON m.id = ps.measure_id
        JOIN measures_organisation o ON o.id = m.organisation_id
        WHERE o.path LIKE %(path)s GROUP BY ps.year""",
    "status_counts_and_month_totals": f"""
        SELECT {CURRENT_STATUS}, COUNT(*), SUM(r.realised), SUM(r.forecast)
        FROM measures_measure m
        JOIN measures_organisation o ON o.id = m.organisation_id
        {MONTH_REPORT}
        WHERE o.path LIKE %(path)s GROUP BY {CURRENT_STATUS}""",  # noqa: S608 (constants only)
    "flagged_measures": f"""
        SELECT m.id, m.code, m.title, o.name, {CURRENT_STATUS}, r.forecast, r.comment,
               COUNT(*) OVER () AS flagged_total,
               (SELECT SUM(ps.amount) FROM measures_plannedsaving ps
                WHERE ps.measure_id = m.id AND ps.year = %(year)s) AS planned
        FROM measures_measure m
        JOIN measures_organisation o ON o.id = m.organisation_id
        {MONTH_REPORT}
        WHERE o.path LIKE %(path)s
          AND ({CURRENT_STATUS} = 'forsenad'
               OR r.forecast < (SELECT SUM(ps.amount) FROM measures_plannedsaving ps
                                WHERE ps.measure_id = m.id AND ps.year = %(year)s))
        ORDER BY m.plan_id, m.position, m.id LIMIT 100""",  # noqa: S608 (constants only)
    "scorecard_indicators": """
        SELECT i.id, i.code, i.name, i.unit, i.parent_id, pe.name
        FROM indicators_indicator i
        LEFT JOIN indicators_perspective pe ON pe.id = i.perspective_id
        WHERE i.region_id = %(region)s ORDER BY pe.position, i.position, i.id""",
    "scorecard_targets": """
        SELECT t.indicator_id, t.organisation_id, t.kind, t.value, t.high
        FROM indicators_indicatortarget t
        JOIN indicators_indicator i ON i.id = t.indicator_id
        WHERE i.region_id = %(region)s AND t.year = %(year)s""",
    "scorecard_readings": """
        SELECT r.indicator_id, r.period_kind, r.month, r.value, r.comment
        FROM indicators_indicatorreading r
        JOIN indicators_indicator i ON i.id = r.indicator_id
        WHERE i.region_id = %(region)s AND r.organisation_id = %(region)s
          AND r.month >= %(since)s AND r.month <= %(month)s ORDER BY r.month""",
    "decisions_with_follow_ups": """
        SELECT d.id, d.title, d.deadline, d.reporting_duty, f.date, f.status
        FROM measures_decision d
        JOIN measures_decisionbody b ON b.id = d.body_id
        LEFT JOIN measures_followup f ON f.decision_id = d.id AND f.date <= %(month_end)s
        WHERE b.region_id = %(region)s AND d.decided_on <= %(month_end)s
        ORDER BY d.decided_on DESC, d.position, f.date DESC""",
}
"""The board dashboard of a region for a month."""

MEASURE_TABLE = {
    "newest_month": "SELECT MAX(p.month) FROM measures_reportingperiod p",
    "count": "SELECT COUNT(*) FROM measures_measure m",
    "page": f"""
        SELECT m.id, m.code, m.title, o.name, o.short_name, pl.title, {CURRENT_STATUS},
               (SELECT SUM(ps.amount) FROM measures_plannedsaving ps
                WHERE ps.measure_id = m.id), r.realised, r.forecast
        FROM measures_measure m
        JOIN measures_organisation o ON o.id = m.organisation_id
        JOIN measures_actionplan pl ON pl.id = m.plan_id
        {MONTH_REPORT}
        ORDER BY pl.code, m.position, m.id LIMIT %(limit)s OFFSET %(offset)s""",  # noqa: S608 (constants only)
    "planned_total": "SELECT SUM(ps.amount) FROM measures_plannedsaving ps",
    "month_totals": """
        SELECT SUM(r.realised), SUM(r.forecast) FROM measures_measurereport r
        WHERE r.period_id IN (SELECT p.id FROM measures_reportingperiod p
                              WHERE p.month = %(month)s)""",
}
"""The measure status table, one page of it, with the footer's totals over every measure."""

INDICATOR_TREND = {
    "indicator": """
        SELECT i.id, i.name, i.unit, i.decimals, i.region_id FROM indicators_indicator i
        WHERE i.code = %(code)s""",
    "period_kinds": """
        SELECT r.period_kind, COUNT(*) FROM indicators_indicatorreading r
        WHERE r.indicator_id = %(indicator)s GROUP BY r.period_kind""",
    "readings": """
        SELECT r.month, r.value, r.comment FROM indicators_indicatorreading r
        WHERE r.indicator_id = %(indicator)s AND r.organisation_id = %(region)s
          AND r.period_kind = %(kind)s ORDER BY r.month""",
    "targets": """
        SELECT t.year, t.kind, t.value, t.high, t.text FROM indicators_indicatortarget t
        WHERE t.indicator_id = %(indicator)s AND t.organisation_id IS NULL ORDER BY t.year""",
}
"""An indicator's trend for its region (the page's default view)."""
