# incidentbot's image: `docker build -t incidentbot .` at the repository's
# root. Two stages: the Go toolchain builds a static binary; the runtime is
# distroless (no shell, no package manager), with CA certificates and a
# non-root user, and needs nothing written to its root file system (run it
# with --read-only, as deploy/kubernetes does).

FROM golang:1.26-bookworm AS build
WORKDIR /src
# The modules first, so that a change to the code reuses their layer.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/incidentbot ./cmd/incidentbot

# static-debian12: CA certificates (for Slack's and Discord's APIs and a
# rediss:// STATE_URL), time zone data, and the nonroot user (65532).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/incidentbot /usr/local/bin/incidentbot
USER 65532:65532
# HTTP_ADDR (webhooks, /healthz) and METRICS_ADDR, as deploy/kubernetes
# sets them.
EXPOSE 8080 9090
ENTRYPOINT ["/usr/local/bin/incidentbot"]
CMD ["serve"]
