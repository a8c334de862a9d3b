package loadgen

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// CheckDiscord accepts the body of an answered interaction: JSON of
// response type 4 (a message) with at least one embed or some content, and
// not the bot's "slow down" or apology.
func CheckDiscord(body []byte) error {
	var resp struct {
		Type int `json:"type"`
		Data *struct {
			Content string `json:"content"`
			Embeds  []struct {
				Title string `json:"title"`
			} `json:"embeds"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if resp.Type != 4 {
		return fmt.Errorf("response type %d; want 4 (a message)", resp.Type)
	}
	if resp.Data == nil || (len(resp.Data.Embeds) == 0 && resp.Data.Content == "") {
		return errors.New("a message with no embeds and no content")
	}
	// The answer's title is the bold first line of the content.
	for title, err := range refusals {
		if strings.Contains(resp.Data.Content, "**"+title+"**") {
			return err
		}
	}
	return nil
}

// refusals are the titles of the bot's answers that are not answers, each
// with what it means: being rate limited, and the apology for a recovered
// panic.
var refusals = map[string]error{
	"Slow down":                   errors.New(`"Slow down": the bot's per-user rate limit answered`),
	"Sorry, something went wrong": errors.New("the bot apologised: a request panicked"),
}

// CheckSlack accepts the body of an answered slash command: a JSON message
// with Block Kit blocks or text, and not the bot's "slow down" or apology.
func CheckSlack(body []byte) error {
	var msg struct {
		Text   string `json:"text"`
		Blocks []struct {
			Type string `json:"type"`
			Text *struct {
				Text string `json:"text"`
			} `json:"text"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(body, &msg); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if len(msg.Blocks) == 0 && msg.Text == "" {
		return errors.New("a message with no blocks and no text")
	}
	for _, b := range msg.Blocks {
		if b.Type == "header" && b.Text != nil {
			if err := refusals[b.Text.Text]; err != nil {
				return err
			}
		}
	}
	return nil
}
