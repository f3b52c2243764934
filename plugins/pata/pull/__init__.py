"""Pulled partners: exports fetched from a partner's own SFTP server, bucket or HTTPS endpoint.

``sources`` (the registry's ``pull:`` block and its calendar), ``sftp``/``s3``/``https``
(one adapter per kind over the Airflow provider's hook), ``fetch`` (one period into the
dropzone), ``record`` (``ops.pulled_files``). The DAGs are in ``dags/pata_pull.py``.
"""
