"""The regional warehouse: engine, migrations, load and merge."""
