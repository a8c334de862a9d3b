package exit

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"testing"
)

func TestCode(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	badFlag := fs.Parse([]string{"-nope"})
	tests := []struct {
		name   string
		err    error
		code   int
		stderr string
	}{
		{"success", nil, 0, ""},
		{"-help", Flags(flag.ErrHelp), 0, ""},
		{"failure", errors.New("no such file"), 1, "cmd: no such file\n"},
		{"misuse", Usagef("-n %d: want 1 to %d", 0, 9), 2, "cmd: -n 0: want 1 to 9\n"},
		{"misuse, wrapped", fmt.Errorf("serve: %w", Usage(errors.New("bad port"))), 2, "cmd: serve: bad port\n"},
		// The flag package has printed it, with the flags' usage.
		{"bad flag", Flags(badFlag), 2, ""},
	}
	for _, tt := range tests {
		var stderr bytes.Buffer
		if code := Code("cmd", tt.err, &stderr); code != tt.code || stderr.String() != tt.stderr {
			t.Errorf("%s: Code(%v) = %d, printing %q; want %d, printing %q", tt.name, tt.err, code, stderr.String(), tt.code, tt.stderr)
		}
	}
	if Flags(nil) != nil {
		t.Error("Flags(nil) is not nil")
	}
}
