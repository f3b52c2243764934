#!/bin/sh
# One-shot MinIO set-up (the minio-init service; idempotent, safe to re-run):
#   - the three buckets of the pipeline, private (no anonymous access);
#   - the pipeline's own user, limited by the policy below to those buckets
#     (the Airflow containers use it; the root credentials stay here).
set -eu

mc alias set pata http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null

for bucket in "$PATA_DROPZONE_BUCKET" "$PATA_RAW_BUCKET" "$PATA_REPORTS_BUCKET"; do
    mc mb --ignore-existing "pata/$bucket"
    mc anonymous set none "pata/$bucket"
done

policy=/tmp/pata-pipeline-policy.json
cat >"$policy" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ListThePipelineBuckets",
      "Effect": "Allow",
      "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
      "Resource": [
        "arn:aws:s3:::$PATA_DROPZONE_BUCKET",
        "arn:aws:s3:::$PATA_RAW_BUCKET",
        "arn:aws:s3:::$PATA_REPORTS_BUCKET"
      ]
    },
    {
      "Sid": "ReadWriteTheirObjects",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      "Resource": [
        "arn:aws:s3:::$PATA_DROPZONE_BUCKET/*",
        "arn:aws:s3:::$PATA_RAW_BUCKET/*",
        "arn:aws:s3:::$PATA_REPORTS_BUCKET/*"
      ]
    }
  ]
}
JSON
mc admin policy create pata pata-pipeline "$policy"
mc admin user add pata "$MINIO_PIPELINE_ACCESS_KEY" "$MINIO_PIPELINE_SECRET_KEY"
# attach fails when the policy is already attached (a re-run); the check below decides.
mc admin policy attach pata pata-pipeline --user "$MINIO_PIPELINE_ACCESS_KEY" >/dev/null 2>&1 || true
mc admin user info pata "$MINIO_PIPELINE_ACCESS_KEY" | grep -q pata-pipeline
echo "minio-init: buckets and the pipeline user are ready"
