from transcheck.cli import run

run()
