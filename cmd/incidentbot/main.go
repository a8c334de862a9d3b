// Command incidentbot answers questions about one news incident from a
// curated, cited knowledge base: on the command line, in Slack and in
// Discord.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/joho/godotenv"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/slack"
	"github.com/incidentbot/incidentbot/knowledge"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// usageError marks misuse (bad flags, missing arguments, bad configuration):
// exit status 2 rather than 1.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintln(stderr, "incidentbot:", err)
	if errors.As(err, new(usageError)) {
		return 2
	}
	return 1
}

// subcommand is one entry of the command table run dispatches on.
type subcommand struct {
	name, usage string
	run         func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

func subcommands() []subcommand {
	return []subcommand{
		{"ask", `ask [--kb PATH] "<command line>"   answer one command, e.g. ask "/timeline"`, ask},
		{"console", "console [--kb PATH]                 answer commands typed at a prompt until EOF", console},
		{"kb", "kb validate|stats|export [flags]     check, count or export a knowledge file", kb},
		{"serve", "serve [--kb PATH]                   run the Slack and Discord transports configured in the environment",
			func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
				return serve(ctx, args, stdout, stderr)
			}},
		{"slack-manifest", "slack-manifest                      print the Slack app manifest to paste at api.slack.com/apps",
			func(_ context.Context, _ []string, _ io.Reader, stdout, _ io.Writer) error {
				_, err := stdout.Write(slack.Manifest())
				return err
			}},
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	// A missing .env is normal; variables already set win over the file.
	_ = godotenv.Load()
	if len(args) == 0 {
		return usageError{errors.New("missing command\n" + usage())}
	}
	for _, c := range subcommands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdin, stdout, stderr)
		}
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage())
		return nil
	}
	return usageError{fmt.Errorf("unknown command %q\n%s", args[0], usage())}
}

func usage() string {
	var b strings.Builder
	b.WriteString("usage: incidentbot <command>\n\n")
	for _, c := range subcommands() {
		fmt.Fprintf(&b, "  incidentbot %s\n", c.usage)
	}
	return b.String()
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// kbFlag adds --kb, defaulting to KB_PATH; empty means the embedded base.
func kbFlag(fs *flag.FlagSet) *string {
	return fs.String("kb", os.Getenv("KB_PATH"), "knowledge file (default: KB_PATH, else the embedded base)")
}

// loadBase loads the file at path, or the embedded default base when path
// is empty.
func loadBase(path string) (*knowledge.Base, error) {
	if path == "" {
		return knowledge.Default()
	}
	return knowledge.LoadFile(path)
}

func ask(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("ask", stderr)
	kbPath := kbFlag(fs)
	page := fs.Int("page", 0, "print only this page of the answer (default: all of it; a terminal has no message limits)")
	full := fs.Bool("full", false, "print every entry's details: the full date note, the context, every excerpt with its source")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if fs.NArg() == 0 {
		return usageError{errors.New(`ask needs a command line, e.g. incidentbot ask "/timeline"`)}
	}
	base, err := loadBase(*kbPath)
	if err != nil {
		return err
	}
	engine := bot.New(base, nil)
	req := bot.Request{Platform: "cli", Line: strings.Join(fs.Args(), " "), Page: *page, Full: *full}
	a := engine.Ask(ctx, req)
	if *page == 0 {
		// The whole answer, as one page.
		for req.Page = 2; req.Page <= a.Pages; req.Page++ {
			a.Items = append(a.Items, engine.Ask(ctx, req).Items...)
		}
		a.Page, a.Pages = 1, 1
	}
	_, err = io.WriteString(stdout, bot.Plain(a))
	return err
}

func console(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("console", stderr)
	kbPath := kbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	base, err := loadBase(*kbPath)
	if err != nil {
		return err
	}
	engine := bot.New(base, nil)
	fmt.Fprintln(stdout, `Type a command such as /timeline or /help; "next" shows the next page, "details N" entry N in full; end with Ctrl-D.`)
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var last bot.Request
	var shown bot.Answer
	for {
		fmt.Fprint(stdout, "> ")
		if !sc.Scan() {
			fmt.Fprintln(stdout)
			return sc.Err()
		}
		line := strings.TrimSpace(sc.Text())
		if n, ok := strings.CutPrefix(line, "details "); ok {
			ref, err := entryRef(shown, n)
			if err != nil {
				fmt.Fprintln(stdout, err)
				continue
			}
			fmt.Fprint(stdout, bot.Plain(engine.Ask(ctx, bot.Request{Platform: "cli", Details: ref})))
			continue
		}
		switch {
		case line == "":
			continue
		case line == "next" && last.Line != "":
			last.Page++
		default:
			last = bot.Request{Platform: "cli", Line: line, Page: 1}
		}
		a := engine.Ask(ctx, last)
		last.Page = a.Page
		shown = a
		fmt.Fprint(stdout, bot.Plain(a))
		if ctx.Err() != nil {
			return nil
		}
	}
}

// entryRef finds the entry numbered n in the answer shown last, for the
// console's "details N".
func entryRef(a bot.Answer, n string) (string, error) {
	want, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil {
		return "", fmt.Errorf("details takes an entry's number, e.g. details 2")
	}
	if a.Lead != nil && want == max(a.First, 1) && a.Lead.Ref != "" {
		return a.Lead.Ref, nil
	}
	for i, it := range a.Items {
		if a.Number(i) == want && it.Ref != "" {
			return it.Ref, nil
		}
	}
	return "", fmt.Errorf("no entry %d with details in the answer shown; the entries are numbered in it", want)
}
