"""Where learners' progress is kept: SQLAlchemy tables, migrations, and the learner store."""
