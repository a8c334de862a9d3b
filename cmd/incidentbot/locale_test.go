package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestCLILocale answers in the language of LC_ALL, LC_MESSAGES or LANG,
// in that order, with the quotes as the sources print them.
func TestCLILocale(t *testing.T) {
	quote := "“Why Russia might have carried out a false flag operation against a nationalistic icon like the Kremlin is self-evident.”"
	for _, tt := range []struct {
		env   map[string]string
		line  string
		title string
	}{
		{map[string]string{"LC_ALL": "", "LC_MESSAGES": "", "LANG": "uk_UA.UTF-8"}, "/claims під чужим прапором", "Твердження про «під чужим прапором»"},
		{map[string]string{"LC_ALL": "ru_RU.UTF-8", "LC_MESSAGES": "", "LANG": "uk_UA.UTF-8"}, "/claims ложный флаг", "Утверждения о «ложный флаг»"},
		{map[string]string{"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}, "/claims false flag", "Claims on “false flag”"},
	} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{"ask", tt.line}, envOf(tt.env), strings.NewReader(""), &stdout, &stderr); err != nil {
			t.Fatalf("ask %s: %v: %s", tt.line, err, stderr.String())
		}
		out := stdout.String()
		if first := strings.SplitN(out, "\n", 2)[0]; first != tt.title {
			t.Errorf("ask %s with %v: title %q; want %q", tt.line, tt.env, first, tt.title)
		}
		if !strings.Contains(out, quote) {
			t.Errorf("ask %s with %v: the quote is not verbatim:\n%s", tt.line, tt.env, out)
		}
	}
}
