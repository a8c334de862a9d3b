package slack

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/internal/platform"
)

// Slack's Block Kit limits, in characters, and the Socket Mode ack limit in
// bytes. See platforms.md.
const (
	maxBlocks       = 50
	maxSectionText  = 3000
	maxHeaderText   = 150
	maxContextElems = 10
	maxButtonValue  = 2000
	// maxValueBytes bounds a button value as encoded in the message JSON,
	// so that three buttons leave room for the answer under the ack limit.
	maxValueBytes = 1500
	// maxMessageBytes leaves room for the Socket Mode envelope around a
	// message: an ack of 20,480 bytes or more is dropped.
	maxMessageBytes = 20480 - 480
)

// tooLong is the last resort when even one entry cannot be shown: the
// answer's own text (an echoed query thousands of characters long) is too
// big for a Slack message.
func tooLong(a bot.Answer) *slackapi.WebhookMessage {
	title := cut(escape(a.Title), maxHeaderText, "…")
	if title == "" {
		title = "incidentbot"
	}
	return &slackapi.WebhookMessage{
		ResponseType: slackapi.ResponseTypeEphemeral,
		Text:         title,
		Blocks: &slackapi.Blocks{BlockSet: []slackapi.Block{
			slackapi.NewHeaderBlock(plain(title)),
			section(cut(escape(a.Intro)+"\n\n", 1000, "…\n\n") + "_This answer is too long to show in Slack; ask a shorter question._"),
		}},
	}
}

func jsonLen(s string) int {
	raw, err := json.Marshal(s)
	if err != nil {
		return len(s) * 6
	}
	return len(raw)
}

func fits(msg *slackapi.WebhookMessage, blocks int) bool {
	if blocks > maxBlocks {
		return false
	}
	if sizeBound(msg) <= maxMessageBytes {
		return true
	}
	raw, err := json.Marshal(msg)
	return err == nil && len(raw) <= maxMessageBytes
}

// Generous allowances for the JSON around the text of a block and of an
// element (type names, keys, action ids, flags), for sizeBound.
const (
	blockOverhead   = 200
	elementOverhead = 200
)

// sizeBound is an upper bound on the message's encoded size, from its text
// alone: most pages are far under the limit, and this spares encoding them
// twice (here and when sent). Only a message near the limit is encoded to
// be measured exactly.
func sizeBound(msg *slackapi.WebhookMessage) int {
	n := jsonLen(msg.Text) + blockOverhead
	text := func(t *slackapi.TextBlockObject) int {
		if t == nil {
			return 0
		}
		return jsonLen(t.Text) + elementOverhead
	}
	if msg.Blocks == nil {
		return n
	}
	for _, b := range msg.Blocks.BlockSet {
		n += blockOverhead
		switch b := b.(type) {
		case *slackapi.HeaderBlock:
			n += text(b.Text)
		case *slackapi.SectionBlock:
			n += text(b.Text)
			if b.Accessory != nil {
				btn := b.Accessory.ButtonElement
				if btn == nil {
					return maxMessageBytes + 1
				}
				n += elementOverhead + text(btn.Text) + jsonLen(btn.Value)
			}
		case *slackapi.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				t, ok := e.(*slackapi.TextBlockObject)
				if !ok {
					return maxMessageBytes + 1 // not one this renderer makes: measure it
				}
				n += text(t)
			}
		case *slackapi.ActionBlock:
			for _, e := range b.Elements.ElementSet {
				btn, ok := e.(*slackapi.ButtonBlockElement)
				if !ok {
					return maxMessageBytes + 1
				}
				n += text(btn.Text) + jsonLen(btn.Value)
			}
		case *slackapi.DividerBlock:
		default:
			return maxMessageBytes + 1
		}
	}
	return n
}

// trimItem drops trim sections from the end of an item's blocks, keeping
// its sources (the context block last) and saying that it was cut.
func trimItem(loc string, ib []slackapi.Block, trim int) []slackapi.Block {
	var sources []slackapi.Block
	if _, ok := ib[len(ib)-1].(*slackapi.ContextBlock); ok && len(ib) > 1 {
		ib, sources = ib[:len(ib)-1], ib[len(ib)-1:]
	}
	out := append([]slackapi.Block{}, ib[:max(len(ib)-trim, 1)]...)
	out = append(out, note("_… "+phrases.Word(loc, "the rest of this entry is too long for one Slack message and is cut here.")+"_"))
	return append(out, sources...)
}

// packParagraphs joins paragraphs into as few texts of at most limit
// characters as possible, never splitting a paragraph unless it alone is
// too long; such a paragraph is cut with a visible mark.
func packParagraphs(paras []string, sep string, limit int) []string {
	var out []string
	cur := ""
	for _, p := range paras {
		if p == "" {
			continue
		}
		p = cut(p, limit, cutMark)
		switch {
		case cur == "":
			cur = p
		case platform.UTF16Len(cur)+platform.UTF16Len(sep)+platform.UTF16Len(p) <= limit:
			cur += sep + p
		default:
			out = append(out, cur)
			cur = p
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// cutMark ends text cut to fit a limit, so that no reader mistakes a cut
// quote for the whole of it.
const cutMark = " … _[cut to fit Slack]_"

// cut shortens s to at most limit characters (as Slack counts them, in
// UTF-16 units) at a space outside any <link|label>, and ends it with mark.
func cut(s string, limit int, mark string) string {
	if platform.UTF16Len(s) <= limit {
		return s
	}
	budget := limit - platform.UTF16Len(mark)
	end, n, open := 0, 0, 0
	lastSafe := 0
	for i, r := range s {
		n += platform.RuneUTF16Len(r)
		if n > budget {
			break
		}
		switch r {
		case '<':
			open++
		case '>':
			open = max(open-1, 0)
		}
		end = i + utf8.RuneLen(r)
		if (r == ' ' || r == '\n') && open == 0 {
			lastSafe = i
		}
	}
	if lastSafe == 0 {
		// No safe space: cut at a rune boundary, dropping any half
		// entity or link so the markup stays whole.
		lastSafe = end
		if i := strings.LastIndexAny(s[:lastSafe], "&<"); i >= 0 && !strings.ContainsAny(s[i:lastSafe], ";>") {
			lastSafe = i
		}
	}
	return strings.TrimRight(s[:lastSafe], " \n") + mark
}
