// Package exit is the exit-status idiom of the commands under cmd/: run
// returns an error, and main turns it into the status and the one line on
// standard error. It imports only the standard library, and nothing
// outside cmd/ may import it.
package exit

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// usageError marks misuse (a bad flag, a missing argument, a variable that
// is not what it must be): exit status 2 rather than 1. shown marks one
// the flag package has already printed, with the flags' usage, so it is
// not printed twice.
type usageError struct {
	err   error
	shown bool
}

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// Usage marks err as misuse: exit status 2.
func Usage(err error) error { return usageError{err: err} }

// Usagef is Usage(fmt.Errorf(format, a...)).
func Usagef(format string, a ...any) error { return Usage(fmt.Errorf(format, a...)) }

// Flags returns the error of a flag.FlagSet's Parse as misuse the flag
// package has already printed; -h and -help stay flag.ErrHelp (status 0).
func Flags(err error) error {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return usageError{err: err, shown: true}
}

// Code returns the exit status for err and prints err to stderr after the
// command's name, unless the flag package has printed it: 0 for nil or
// -help, 2 for misuse, 1 for any other failure.
func Code(command string, err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ue usageError
	isUsage := errors.As(err, &ue)
	if !ue.shown {
		fmt.Fprintf(stderr, "%s: %v\n", command, err)
	}
	if isUsage {
		return 2
	}
	return 1
}
