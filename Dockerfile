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
 && mkdir -p /data/attachments && chown sweetspot /data/attachments
COPY --from=build /src/target/release/sweetspot /usr/local/bin/sweetspot
USER sweetspot
ENV BIND=0.0.0.0:8080 LOG_FORMAT=json ATTACHMENT_STORE=/data/attachments
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ok <&3"]
ENTRYPOINT ["sweetspot"]
CMD ["serve"]
