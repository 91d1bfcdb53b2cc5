import json

from transcheck.cli import main


def test_version(capsys):
    assert main(["--version"]) == 0
    assert "transcheck" in capsys.readouterr().out


def test_missing_path_is_usage_error(tmp_path, capsys):
    assert main(["audit", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_json_report_schema(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Hello world. This is a short English article.\n")
    out = tmp_path / "reports" / "r.json"  # outputs in a corpus folder go under reports/
    out.parent.mkdir()
    assert main(["audit", str(tmp_path), "-f", "json", "-o", str(out), "--engine", "none"]) == 0
    data = json.loads(out.read_text())
    assert data["schema"] == "transcheck-report/1"
    assert data["summary"]["documents"] == 1
