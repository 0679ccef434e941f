"""The deploy stage: the built site published to S3-compatible object storage (Alibaba
Cloud OSS, Tencent Cloud COS, AWS S3), incrementally and reversibly, then the CDN purged."""
