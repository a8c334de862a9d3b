package slack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/incidentbot/incidentbot/bot"
)

// Action IDs of the buttons under an answer.
const (
	actionPrev  = "incidentbot_prev"
	actionNext  = "incidentbot_next"
	actionShare = "incidentbot_share"
	// actionDetails opens an entry's details; its value is the entry's
	// reference (bot.Item.Ref), so it needs no other state.
	actionDetails = "incidentbot_details"
	// actionCite answers with the entry as a citation (/cite); its value
	// is the entry's reference too.
	actionCite = "incidentbot_cite"
)

// state is what a button carries so that a click can be answered by any
// replica, after any restart: the command line, the engine page, how many
// items of that page earlier Slack messages already showed, and how the
// message is shown.
type state struct {
	Line   string `json:"l"`
	Page   int    `json:"p,omitempty"`
	Skip   int    `json:"s,omitempty"`
	Public bool   `json:"pub,omitempty"`
	// By is the Slack user ID of whoever shared the answer into the
	// channel; ByName stands in for By when the payload has no usable user ID.
	By     string `json:"by,omitempty"`
	ByName string `json:"bn,omitempty"`
}

func (s state) encode() string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func decodeState(value string) (state, error) {
	var s state
	if err := json.Unmarshal([]byte(value), &s); err != nil {
		return state{}, fmt.Errorf("decoding button value: %w", err)
	}
	if s.Line == "" || s.Page < 0 || s.Skip < 0 || s.Skip >= bot.LinePageSize || (s.By != "" && !isUserID(s.By)) {
		return state{}, errors.New("button value out of range")
	}
	return s, nil
}
