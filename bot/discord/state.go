package discord

import (
	"errors"
	"strconv"
	"strings"

	"github.com/incidentbot/incidentbot/internal/platform"
)

// Actions a button's state names. The first three page through an answer
// shown in a particular way; post shares it.
const (
	actPrivate = 'e' // page of an ephemeral reply (which offers Post to channel)
	actPublic  = 'u' // page of a public reply (DISCORD_REPLY=public)
	actPosted  = 'q' // page of an answer posted with Post to channel
	actPost    = 's' // post this page of an ephemeral reply to the channel
)

// state is everything a button needs to answer a click, carried in its
// custom_id so that any replica, or this one after a restart, can answer:
// "e:2.1:who-said Marek", "q:1.2:80351110224678912:claims".
type state struct {
	action byte
	// page is the engine's page; part is which part of that page, when its
	// items do not all fit one Discord message (0: the last part).
	page, part int
	// poster is the user who posted the answer (actPosted only).
	poster string
	// line is the command line, without its slash.
	line string
}

// encode returns the custom_id, or false if it would be longer than
// Discord allows.
func (s state) encode() (string, bool) {
	id := string(rune(s.action)) + ":" + strconv.Itoa(s.page) + "." + strconv.Itoa(s.part) + ":"
	if s.action == actPosted {
		id += s.poster + ":"
	}
	id += strings.TrimPrefix(s.line, "/")
	return id, platform.UTF16Len(id) <= maxCustomID
}

// Bounds on decoded numbers: far above any real answer, low enough that a
// forged custom_id cannot make the engine or renderer do silly work.
const (
	maxPage = 1_000_000
	maxPart = 100
)

var errBadState = errors.New("not a button of this app")

// parseState decodes a custom_id made by encode.
func parseState(id string) (state, error) {
	if len(id) < 2 || id[1] != ':' {
		return state{}, errBadState
	}
	s := state{action: id[0]}
	switch s.action {
	case actPrivate, actPublic, actPosted, actPost:
	default:
		return state{}, errBadState
	}
	pos, rest, ok := strings.Cut(id[2:], ":")
	if !ok {
		return state{}, errBadState
	}
	page, part, ok := strings.Cut(pos, ".")
	if !ok {
		return state{}, errBadState
	}
	var err error
	if s.page, err = strconv.Atoi(page); err != nil || s.page < 1 || s.page > maxPage {
		return state{}, errBadState
	}
	if s.part, err = strconv.Atoi(part); err != nil || s.part < 0 || s.part > maxPart {
		return state{}, errBadState
	}
	if s.action == actPosted {
		if s.poster, rest, ok = strings.Cut(rest, ":"); !ok || !snowflake(s.poster) {
			return state{}, errBadState
		}
	}
	if strings.TrimSpace(rest) == "" {
		return state{}, errBadState
	}
	s.line = "/" + rest
	return s, nil
}

// snowflake says whether s looks like a Discord ID, so that it is safe to
// write into a <@id> mention.
func snowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
