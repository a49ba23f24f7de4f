"""`sladsl compile --target sql --dialect`: sqlglot's transpiling and the rewrites it needs."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import sqlglot
from click.testing import CliRunner

from sladsl.cli import main
from sladsl.compile.dialects import DIALECTS, Untranslatable, inline, transpile

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted(p.stem for p in (ROOT / "specs").glob("*.sla"))

CLOCK = ("SELECT s.id, k0.start_us, k0.cum_us FROM ticks s ASOF LEFT JOIN cal k0 "
         "ON s.t >= k0.start_us ORDER BY s.id")
TABLES = ("CREATE TABLE cal AS SELECT * FROM (VALUES (100, 150, 0), (200, 260, 50), "
          "(300, 320, 110)) v(start_us, end_us, cum_us)",
          "CREATE TABLE ticks AS SELECT * FROM (VALUES (1, 50), (2, 100), (3, 199), (4, 200), "
          "(5, 450), (6, NULL)) v(id, t)")


def test_asof_join_becomes_a_range_join_with_the_same_rows() -> None:
    """The rewrite, run on DuckDB itself (written back as DuckDB SQL), finds the rows the
    ASOF join finds: before the first interval nothing, on a start that interval."""
    con = duckdb.connect()
    for sql in TABLES:
        con.execute(sql)
    rewritten = transpile(CLOCK, "postgres")[0]
    assert "ASOF" not in rewritten and "LEAD(start_us) OVER (ORDER BY start_us)" in rewritten
    back = sqlglot.transpile(rewritten, read="postgres", write="duckdb")[0]
    assert con.execute(back).fetchall() == con.execute(CLOCK).fetchall() == [
        (1, None, None), (2, 100, 0), (3, 100, 0), (4, 200, 50), (5, 300, 110),
        (6, None, None)]


def test_asof_join_on_postgres(pg_dsn: str) -> None:
    import psycopg

    con = duckdb.connect()
    with psycopg.connect(pg_dsn, autocommit=True) as pg:
        for sql in TABLES:
            con.execute(sql)
            pg.execute(transpile(sql.replace("CREATE TABLE", "CREATE TEMP TABLE"),
                                 "postgres")[0])
        assert pg.execute(transpile(CLOCK, "postgres")[0]).fetchall() == \
            con.execute(CLOCK).fetchall()


def test_asof_join_that_cannot_be_rewritten_says_so() -> None:
    with pytest.raises(Untranslatable, match="ASOF join on"):
        transpile("SELECT * FROM a ASOF JOIN b ON a.t >= b.s AND a.u <= b.v", "spark")


def test_temp_tables_subqueries_and_regexp_flags() -> None:
    create = "CREATE OR REPLACE TEMP TABLE s AS SELECT i FROM (SELECT 1 AS i)"
    assert transpile(create, "postgres") == [
        "DROP TABLE IF EXISTS s",
        "CREATE TEMPORARY TABLE s AS SELECT i FROM (SELECT 1 AS i) AS sladsl_q1"]
    assert transpile(create, "spark") == [
        "DROP VIEW IF EXISTS s", "CACHE TABLE s AS SELECT i FROM (SELECT 1 AS i) AS sladsl_q1"]
    assert transpile("DROP TABLE s", "spark") == ["DROP VIEW IF EXISTS s"]
    replace = "SELECT regexp_replace(k, '[\\s_-]+', ' ', 'g') FROM t"
    assert transpile(replace, "postgres") == [
        "SELECT REGEXP_REPLACE(k, '[\\s_-]+', ' ', 'g') FROM t"]
    assert transpile(replace, "spark") == ["SELECT REGEXP_REPLACE(k, '[\\\\s_-]+', ' ') FROM t"]
    assert transpile(replace, "trino") == ["SELECT REGEXP_REPLACE(k, '[\\s_-]+', ' ') FROM t"]


def test_parameters_become_literals_quoted_for_each_dialect() -> None:
    sql = "SELECT count(*) FROM t WHERE name = ? AND time < ? AND '?' <> ?"
    params = ["it's a \\ test", 1790809200000000, True]
    assert inline(sql, params) == ("SELECT count(*) FROM t WHERE name = 'it''s a \\ test' "
                                   "AND time < 1790809200000000 AND '?' <> TRUE")
    assert transpile(sql, "postgres", params)[0].endswith(
        "name = 'it''s a \\ test' AND time < 1790809200000000 AND '?' <> TRUE")
    assert "name = 'it\\'s a \\\\ test'" in transpile(sql, "spark", params)[0]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_compile_every_spec_in_every_dialect(dialect: str, tmp_path: Path) -> None:
    """Every statement is written, and reads back in its dialect: every spec for the engines
    sladsl runs on, two (every kind of objective between them) for the others."""
    for name in SPECS if dialect in ("postgres", "spark") else ["cloud-platform",
                                                                 "service-desk"]:
        out = tmp_path / f"{name}.sql"
        result = CliRunner().invoke(main, ["compile", str(ROOT / "specs" / f"{name}.sla"),
                                           "--target", "sql", "--dialect", dialect,
                                           "-o", str(out)])
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        prefix = {"duckdb": "$", "bigquery": "@"}.get(dialect, ":")
        assert f"{prefix}window_start" in text
        if dialect != "duckdb":
            assert "ASOF" not in text
            # every statement parses in its own dialect (named parameters aside)
            body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("--"))
            body = body.replace(f"{prefix}window_start", "1").replace(
                f"{prefix}window_end", "2").replace(f"{prefix}history_start", "3").replace(
                f"{prefix}evaluated_until", "4")
            read = "postgres" if dialect == "postgres" else dialect
            assert all(tree is not None for tree in sqlglot.parse(body, read=read))


def test_dialect_needs_the_sql_target() -> None:
    result = CliRunner().invoke(main, ["compile", str(ROOT / "specs/cloud-platform.sla"),
                                       "--dialect", "spark"])
    assert result.exit_code == 2 and "--dialect spark needs --target sql" in result.output
