"""Portfolio evaluation: one agreement for two customers, checked against numbers worked out
by hand."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from test_evaluate_helpers import HEADER

from sladsl.cli import main

SPEC = HEADER + '''service "Compute API":
  objective "Monthly Availability":
    the service shall be available at least 99.9% of the time in each calendar month.
    availability is measured from requests.
    a minute counts as unavailable when more than 5% of requests fail.

service credits:
  for "Monthly Availability": 10% of the Monthly Fee when missed.
'''

APRIL = 1775001600  # 2026-04-01T00:00:00Z; April 2026 has 43,200 minutes


def write_data(folder: Path) -> None:
    """Two customers, one request a minute each through April 2026 (London time: the month
    starts at 2026-03-31T23:00Z). Globex fails for 60 minutes: 43,140 of 43,200 minutes
    available, 99.8611% < 99.9%, so it is owed 10% of its own fee, EUR 5,000: EUR 500.00.
    Acme never fails: 100%, no credit (its fee, EUR 1,000, would have given EUR 100.00)."""
    folder.mkdir()
    start = APRIL - 3600
    with (folder / "requests.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["time", "status", "customer"])
        for minute in range(43_200):
            t = start + minute * 60
            out.writerow([t, 200, "acme"])
            out.writerow([t, 503 if 1000 <= minute < 1060 else 200, "globex"])
    (folder / "fees.csv").write_text("period,amount,customer\n2026-04,1000,acme\n"
                                     "2026-04,5000,globex\n", encoding="utf-8")
    (folder / "bindings.toml").write_text('[requests]\nunits = { time = "epoch_s" }\n',
                                          encoding="utf-8")


def run_portfolio(tmp_path: Path, customers_csv: str, *extra: str) -> tuple[Any, Path]:
    """``sladsl portfolio`` on the two customers' data for April 2026: result, output dir."""
    spec = tmp_path / "api.sla"
    spec.write_text(SPEC, encoding="utf-8")
    data = tmp_path / "data"
    write_data(data)
    customers = tmp_path / "customers.csv"
    customers.write_text(customers_csv, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["portfolio", str(spec), "--customers", str(customers),
                                       "--data", str(data), "--bindings",
                                       str(data / "bindings.toml"), "--period", "2026-04",
                                       "-o", str(out), *extra])
    return result, out


def test_two_customers_different_fees_one_credit(tmp_path: Path) -> None:
    result, out = run_portfolio(tmp_path, "customer,name\nacme,Acme Corp\nglobex,Globex plc\n")
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["customers"] == [
        {"customer": "acme", "name": "Acme Corp", "objectives_missed": "0", "missed": "",
         "credit_owed": "0.00", "currency": "EUR", "termination_rights": "none"},
        {"customer": "globex", "name": "Globex plc", "objectives_missed": "1",
         "missed": "Monthly Availability", "credit_owed": "500.00", "currency": "EUR",
         "termination_rights": "none"},
    ]
    globex = json.loads((out / "customers" / "00002.json").read_text(encoding="utf-8"))
    line = globex["periods"][0]["lines"][0]
    assert line["measured"] == "99.8611"  # 43,140 / 43,200
    assert globex["periods"][0]["credits"]["lines"][0]["amount"] == "500.00"
    assert globex["customer"] == {"id": "globex", "name": "Globex plc"}
    acme = json.loads((out / "customers" / "00001.json").read_text(encoding="utf-8"))
    assert acme["periods"][0]["lines"][0]["measured"] == "100"
    assert acme["data"]["files"][0]["file"] in ("fees.csv", "requests.csv")
    rows = list(csv.DictReader((out / "summary.csv").read_text(encoding="utf-8").splitlines()))
    assert [r["credit_owed"] for r in rows] == ["0.00", "500.00"]
    assert "<td>Globex plc</td>" in (out / "summary.html").read_text(encoding="utf-8")


def test_the_same_files_on_postgres(tmp_path: Path, pg_dsn: str) -> None:
    """``sladsl portfolio --engine postgres`` from the command line: every file it writes is
    the DuckDB run's (the hand-computed credits included), but for the folder it was given."""
    people = "customer,name\nacme,Acme Corp\nglobex,Globex plc\n"
    (tmp_path / "duckdb").mkdir()
    (tmp_path / "postgres").mkdir()
    duck, duck_out = run_portfolio(tmp_path / "duckdb", people)
    pg, pg_out = run_portfolio(tmp_path / "postgres", people, "--engine", "postgres", "--dsn",
                               pg_dsn)
    assert duck.exit_code == 0 and pg.exit_code == 0, pg.output
    files = sorted(p.relative_to(duck_out) for p in duck_out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(pg_out) for p in pg_out.rglob("*") if p.is_file())
    for name in files:  # the same but for the folder each run was given
        want = (duck_out / name).read_text(encoding="utf-8").replace(
            str(tmp_path / "duckdb"), str(tmp_path / "postgres"))
        assert (pg_out / name).read_text(encoding="utf-8") == want, name
    assert '"credit_owed": "500.00"' in (pg_out / "summary.json").read_text(encoding="utf-8")


def test_portfolio_memory_settings(tmp_path: Path) -> None:
    """The portfolio takes the memory settings of every evaluating command: the same summary
    under a small limit spilling to a folder of one's own (left empty afterwards), and an
    unreadable limit is a usage error."""
    spill = tmp_path / "spill"
    spill.mkdir()
    result, out = run_portfolio(tmp_path, "customer,name\nacme,Acme Corp\nglobex,Globex plc\n",
                                "--memory-limit", "256MiB", "--temp-dir", str(spill))
    assert result.exit_code == 0, result.output
    rows = json.loads((out / "summary.json").read_text(encoding="utf-8"))["customers"]
    assert [r["credit_owed"] for r in rows] == ["0.00", "500.00"]
    assert list(spill.iterdir()) == []
    (tmp_path / "again").mkdir()
    bad, _ = run_portfolio(tmp_path / "again", "customer,name\nacme,Acme Corp\n",
                           "--memory-limit", "lots")
    assert bad.exit_code == 2, bad.output
    assert "memory" in bad.output


def test_customers_file_errors(tmp_path: Path) -> None:
    result, out = run_portfolio(tmp_path, "customer,name\nacme,A\nacme,B\n")
    assert result.exit_code == 1
    assert f"{tmp_path / 'customers.csv'}:3:1" in result.output
    assert "listed twice" in result.output
    assert not (tmp_path / "out").exists()


def test_a_customer_without_rows_is_measured_on_none(tmp_path: Path) -> None:
    """A customer in the customers file with no rows gets an empty file of each kind: a
    report that says it read 0 rows (here every minute without requests counts as available,
    as the agreement says), not a missing-file error."""
    result, out = run_portfolio(tmp_path, "customer,name\nacme,Acme Corp\ninitech,Initech\n")
    assert result.exit_code == 0, result.output
    initech = json.loads((out / "customers" / "00002.json").read_text(encoding="utf-8"))
    assert initech["data"]["files"] == [{"file": "requests.csv", "kind": "requests", "rows": 0}]
    assert initech["periods"][0]["lines"][0]["details"]["empty slices"] == \
        "43200 (count as available)"


# ---------------------------------------------------------------- values given per customer

PER_CUSTOMER = SPEC.replace('"Monthly Fee" is EUR 10,000.', '"Monthly Fee" is given per customer.')


def run_per_customer(tmp_path: Path, customers_csv: str, fees: bool = False) -> tuple[Any, Path]:
    """The agreement with the fee given per customer; the fees come from the customers file
    (the fees data is left out unless ``fees``)."""
    result, out = None, tmp_path / "out"
    spec = tmp_path / "api.sla"
    spec.write_text(PER_CUSTOMER, encoding="utf-8")
    data = tmp_path / "data"
    write_data(data)
    if not fees:
        (data / "fees.csv").unlink()
    customers = tmp_path / "customers.csv"
    customers.write_text(customers_csv, encoding="utf-8")
    result = CliRunner().invoke(main, ["portfolio", str(spec), "--customers", str(customers),
                                       "--data", str(data), "--bindings",
                                       str(data / "bindings.toml"), "--period", "2026-04",
                                       "-o", str(out)])
    return result, out


def test_fee_given_per_customer_from_the_customers_file(tmp_path: Path) -> None:
    """Globex misses (99.8611%): 10% of its own fee from the customers file, EUR 7,250.50:
    EUR 725.05 (half up to cents). Acme meets the objective: no credit, whatever its fee."""
    result, out = run_per_customer(
        tmp_path, "customer,name,monthly_fee\nacme,Acme Corp,\"EUR 1,000\"\n"
                  "globex,Globex plc,7250.50\n")
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [(c["customer"], c["credit_owed"]) for c in summary["customers"]] == \
        [("acme", "0.00"), ("globex", "725.05")]
    globex = json.loads((out / "customers" / "00002.json").read_text(encoding="utf-8"))
    credit = globex["periods"][0]["credits"]["lines"][0]
    assert credit["amount"] == "725.05"
    assert '(\\"Monthly Fee\\" given for globex)' in json.dumps(credit)


def test_the_fees_data_still_comes_first(tmp_path: Path) -> None:
    """With fees data (EUR 5,000 for Globex in April), the billed fee is the one priced, as
    for a fee the agreement defines: EUR 500.00."""
    result, out = run_per_customer(
        tmp_path, "customer,name,Monthly Fee\nacme,Acme Corp,1000\nglobex,Globex plc,7250.50\n",
        fees=True)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [c["credit_owed"] for c in summary["customers"]] == ["0.00", "500.00"]


def test_a_customer_without_the_value_is_a_data_error(tmp_path: Path) -> None:
    result, _ = run_per_customer(tmp_path, "customer,name,Monthly Fee\nacme,Acme Corp,1000\n"
                                           "globex,Globex plc,\n")
    assert result.exit_code == 1
    assert f"{tmp_path / 'customers.csv'}:3:3" in result.output
    assert "customer 'globex' has no \"Monthly Fee\"" in result.output
    assert not (tmp_path / "out").exists()


def test_a_customers_file_without_the_column(tmp_path: Path) -> None:
    result, _ = run_per_customer(tmp_path, "customer,name\nacme,Acme Corp\n")
    assert result.exit_code == 1
    assert f"{tmp_path / 'customers.csv'}:1:1" in result.output
    assert 'no column "Monthly Fee"' in result.output
    assert "line 9" in result.output  # where the agreement gives it per customer


def test_a_value_that_is_not_an_amount(tmp_path: Path) -> None:
    result, _ = run_per_customer(tmp_path, "customer,Monthly Fee\nacme,twelve\n")
    assert result.exit_code == 1
    assert f"{tmp_path / 'customers.csv'}:2:2" in result.output
    assert "is not an amount: 'twelve'" in result.output
    (tmp_path / "usd").mkdir()
    result, _ = run_per_customer(tmp_path / "usd", "customer,Monthly Fee\nacme,USD 100\n")
    assert "is in USD, the agreement in EUR" in result.output


def test_evaluate_without_a_customer_says_what_is_missing(tmp_path: Path) -> None:
    spec = tmp_path / "api.sla"
    spec.write_text(PER_CUSTOMER, encoding="utf-8")
    data = tmp_path / "data"
    write_data(data)
    (data / "fees.csv").unlink()
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["evaluate", str(spec), "--data", str(data), "--bindings",
                                       str(data / "bindings.toml"), "--period", "2026-04",
                                       "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert 'priced on the "Monthly Fee", which the agreement gives per customer (line 9)' \
        in result.output
    assert "sladsl portfolio" in result.output
    assert not out.exists()


def test_render_for_one_customer(tmp_path: Path) -> None:
    spec = tmp_path / "api.sla"
    spec.write_text(PER_CUSTOMER, encoding="utf-8")
    customers = tmp_path / "customers.csv"
    customers.write_text("customer,name,Monthly Fee\nacme,Acme Corp,\"1,000\"\n"
                         "globex,Globex plc,7250.50\n", encoding="utf-8")
    general = CliRunner().invoke(main, ["render", str(spec), "-f", "text"])
    assert general.exit_code == 0, general.output
    assert "Monthly Fee is given for each customer in their order form" in \
        " ".join(general.output.split()).replace("“", "").replace("”", "")
    one = CliRunner().invoke(main, ["render", str(spec), "-f", "text", "--customers",
                                    str(customers), "--customer", "globex"])
    assert one.exit_code == 0, one.output
    assert "EUR 7,250.50" in one.output
    assert "given for each customer" not in one.output
    missing = CliRunner().invoke(main, ["render", str(spec), "-f", "text", "--customers",
                                        str(customers), "--customer", "initech"])
    assert missing.exit_code == 1
    assert "no customer 'initech'" in missing.output
