"""Alerts: late partners, rejected and failed files, failed tasks and DAG runs, missed DAG
deadlines.

Every alert is first a row of ``ops.alerts`` (its ``dedup_key`` is unique, so raising the
same event twice changes nothing), then a notification through Airflow's own notifiers:
:class:`~airflow.providers.smtp.notifications.smtp.SmtpNotifier` when the ``pata_smtp``
connection exists, :class:`~airflow.providers.slack.notifications.slack.SlackNotifier` when
``pata_slack`` does. With neither, a clear log line says so and the row is the alert.

No PII, by construction: an :class:`Alert` holds only codes, ids, periods and dates, each
checked against a strict pattern, and its text is composed from them alone. No file name,
no exception message (a database error can quote a row), no cell value can get in.
"""
