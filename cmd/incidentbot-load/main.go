// Command incidentbot-load sends signed Discord interactions and Slack
// slash commands to an incidentbot serve on this machine and prints
// requests/s, p50, p99, max and failures. It refuses any target that is not
// a loopback address.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/incidentbot/incidentbot/cmd/internal/exit"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exit.Code("incidentbot-load", err, os.Stderr))
}
