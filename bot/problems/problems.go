// Package problems bounds what the bot echoes of a knowledge file it
// refused (Clip): a hostile or broken file must not fill the logs or
// /kb status with its own text. It imports only the standard library.
package problems

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bounds on what a refused file's problems echo into logs and /kb status:
// a hostile or broken file must not fill either with its own text.
const (
	maxEchoedValue = 40 // characters of each quoted value
	maxProblemLine = 300
	// maxPath bounds a field path, which holds an unknown key as it is:
	// real ones ("claims[12].positions[3].citations[0].excerpt") are
	// shorter.
	maxPath = 100
)

// quotedValue matches a Go-quoted string (%q), as the validator quotes the
// keys and values it complains about.
var quotedValue = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// Clip cuts each quoted value in a reload error to a short prefix
// and keeps the first maxErrorLines lines, saying how many more there
// were. File, line, column and field stay whole.
func Clip(msg string) string {
	msg = quotedValue.ReplaceAllStringFunc(msg, func(q string) string {
		v, err := strconv.Unquote(q)
		if err != nil || utf8.RuneCountInString(v) <= maxEchoedValue {
			return q
		}
		return strconv.Quote(string([]rune(v)[:maxEchoedValue])+"…") + fmt.Sprintf(" (%d characters)", utf8.RuneCountInString(v))
	})
	lines := strings.Split(msg, "\n")
	for i, line := range lines {
		// "file:line:col: path: message": a path (no spaces) may hold an
		// unknown key; a message is cut only when far too long.
		segs := strings.Split(line, ": ")
		for j, seg := range segs {
			switch n := utf8.RuneCountInString(seg); {
			case j == 0: // the file, line and column
			case !strings.Contains(seg, " ") && n > maxPath:
				segs[j] = string([]rune(seg)[:maxPath]) + "…"
			case n > maxProblemLine:
				segs[j] = string([]rune(seg)[:maxProblemLine]) + "…"
			}
		}
		lines[i] = strings.Join(segs, ": ")
	}
	if n := len(lines) - maxErrorLines; n > 0 {
		lines = append(lines[:maxErrorLines], fmt.Sprintf("… and %d more lines: run incidentbot kb validate on the file for all of them", n))
	}
	return strings.Join(lines, "\n")
}

// maxErrorLines bounds the refused reload's error kept for /kb status: the
// first problems are the ones to fix, and a chat message has room for few.
const maxErrorLines = 10
