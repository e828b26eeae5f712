# Multi-stage build: compile in the Rust image, run on a slim Debian with only what the binary needs.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY migrations migrations
COPY templates templates
COPY static static
COPY locales locales
RUN cargo build --release --locked --bin sweetspot

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /nonexistent sweetspot \
 && mkdir -p /data/attachments /data/mail && chown sweetspot /data/attachments /data/mail
COPY --from=build /src/target/release/sweetspot /usr/local/bin/sweetspot
USER sweetspot
# Without SMTP_URL emails are written into MAIL_DIR (the default, ./var/mail, is not writable here).
ENV BIND=0.0.0.0:8080 LOG_FORMAT=json ATTACHMENT_STORE=/data/attachments MAIL_DIR=/data/mail
EXPOSE 8080
# The binary asks its own /readyz (Debian's /bin/sh has no /dev/tcp): tests/api/data.rs runs
# this exact command line.
HEALTHCHECK --interval=10s --timeout=5s CMD ["sweetspot", "healthcheck"]
ENTRYPOINT ["sweetspot"]
CMD ["serve"]
