package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/incidentbot/incidentbot/cmd/internal/exit"
	"github.com/incidentbot/incidentbot/loadgen"
)

// platform is one kind of signed request the command can send.
type platform struct {
	name  string
	build loadgen.Builder
	check func([]byte) error
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("incidentbot-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: incidentbot-load [flags]

Sends signed requests to incidentbot serve on this machine (loopback only)
and prints requests/s, p50, p99, max and failures. Each request comes from a
different user, so the bot's per-user rate limit does not answer them.
With -platform both, Discord runs first, then Slack, each with -n requests.

  incidentbot-load -gen-key     print a fresh key pair: start serve with the
                                DISCORD_PUBLIC_KEY it prints, and pass the
                                seed as -discord-key

Flags:
`)
		fs.PrintDefaults()
	}
	target := fs.String("url", "http://127.0.0.1:8080", "serve's base URL; must be loopback (127.0.0.0/8, ::1, localhost)")
	which := fs.String("platform", "discord", "discord, slack or both")
	n := fs.Int("n", 10_000, fmt.Sprintf("requests per platform, at most %d", loadgen.MaxRequests))
	c := fs.Int("c", 50, "concurrency: requests in flight at once")
	duration := fs.Duration("duration", 60*time.Second, "time limit per platform; no request starts after it")
	rate := fs.Float64("rate", 0, "requests started per second at most, per platform (paced, so that latency is measured at a set load); 0: each as soon as one of -c is free")
	discordKey := fs.String("discord-key", "", "hex ed25519 private seed (64 digits) whose public key is serve's DISCORD_PUBLIC_KEY")
	slackSecret := fs.String("slack-secret", "", "serve's SLACK_SIGNING_SECRET")
	genKey := fs.Bool("gen-key", false, "print a fresh DISCORD_PUBLIC_KEY and its private seed, and exit")
	if err := fs.Parse(args); err != nil {
		return exit.Flags(err)
	}
	if fs.NArg() > 0 {
		return exit.Usagef("unexpected arguments %q", fs.Args())
	}
	if *genKey {
		return printKey(stdout)
	}
	if _, err := loadgen.CheckLoopback(*target); err != nil {
		return exit.Usage(err)
	}
	switch {
	case *n < 1 || *n > loadgen.MaxRequests:
		return exit.Usagef("-n %d: want 1 to %d", *n, loadgen.MaxRequests)
	case *c < 1 || *c > loadgen.MaxConcurrency:
		return exit.Usagef("-c %d: want 1 to %d", *c, loadgen.MaxConcurrency)
	case *duration <= 0 || *duration > loadgen.MaxDuration:
		return exit.Usagef("-duration %s: want more than 0 and at most %s", *duration, loadgen.MaxDuration)
	case !(*rate >= 0) || math.IsInf(*rate, 0):
		return exit.Usagef("-rate %v: want 0 (unpaced) or a positive number", *rate)
	}
	platforms, err := choose(*which, *discordKey, *slackSecret)
	if err != nil {
		return exit.Usage(err)
	}

	type row struct {
		name  string
		stats loadgen.Stats
	}
	var rows []row
	for _, p := range platforms {
		stats, err := loadgen.Run(ctx, loadgen.Config{
			URL: *target, Requests: *n, Concurrency: *c, Duration: *duration, Rate: *rate,
			Build: p.build, Check: p.check,
		})
		rows = append(rows, row{p.name, stats})
		for _, s := range stats.Samples {
			fmt.Fprintf(stderr, "%s: %s\n", p.name, s)
		}
		if err != nil {
			break
		}
	}

	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "platform\trequests\tfailures\treq/s\tp50\tp99\tmax\t")
	failed, short := 0, 0
	for _, r := range rows {
		s := r.stats
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%s\t%s\t%s\t\n", r.name, s.Requests, s.Failures, s.PerSecond(), ms(s.P50), ms(s.P99), ms(s.Max))
		failed += s.Failures
		short += *n - s.Requests
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("interrupted: %w", ctx.Err())
	case failed > 0:
		return fmt.Errorf("%d requests failed", failed)
	case short > 0:
		return fmt.Errorf("%d requests not sent within -duration %s", short, *duration)
	}
	return nil
}

// choose returns the platforms to load, each with the credential it needs.
func choose(which, discordKey, slackSecret string) ([]platform, error) {
	var out []platform
	want := map[string]bool{}
	switch which {
	case "discord", "slack":
		want[which] = true
	case "both":
		want["discord"], want["slack"] = true, true
	default:
		return nil, fmt.Errorf("-platform %q: want discord, slack or both", which)
	}
	if want["discord"] {
		key, err := privateKey(discordKey)
		if err != nil {
			return nil, err
		}
		out = append(out, platform{"discord", loadgen.Discord{Key: key}.Build, loadgen.CheckDiscord})
	}
	if want["slack"] {
		if slackSecret == "" {
			return nil, errors.New("-slack-secret is required for Slack: serve's SLACK_SIGNING_SECRET")
		}
		out = append(out, platform{"slack", loadgen.Slack{Secret: slackSecret}.Build, loadgen.CheckSlack})
	}
	return out, nil
}

// privateKey decodes -discord-key: a 32-byte seed, or a whole 64-byte
// private key, in hex.
func privateKey(v string) (ed25519.PrivateKey, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, errors.New("-discord-key is required for Discord: the hex private seed whose public key is serve's DISCORD_PUBLIC_KEY (make a pair with -gen-key)")
	}
	raw, err := hex.DecodeString(v)
	if err != nil {
		return nil, errors.New("-discord-key is not hex")
	}
	switch len(raw) {
	case ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(raw), nil
	case ed25519.PrivateKeySize:
		return ed25519.PrivateKey(raw), nil
	}
	return nil, fmt.Errorf("-discord-key has %d hex digits; want %d (a seed) or %d", len(v), 2*ed25519.SeedSize, 2*ed25519.PrivateKeySize)
}

func printKey(stdout io.Writer) error {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return fmt.Errorf("generating a key pair: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "DISCORD_PUBLIC_KEY=%s\nLOAD_DISCORD_KEY=%s\n", hex.EncodeToString(pub), hex.EncodeToString(priv.Seed()))
	return err
}

// ms shows a latency in milliseconds with enough precision for sub-ms
// figures.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
}
