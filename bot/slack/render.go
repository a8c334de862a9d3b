package slack

import (
	"fmt"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/incident"
	"github.com/incidentbot/incidentbot/internal/platform"
	"github.com/incidentbot/incidentbot/knowledge"
)

// render turns one page of an answer into a Slack message within Slack's
// limits. Items that do not fit move to the next message: Next then points
// at the same engine page with the skip advanced. Ephemeral replies get a
// "Share in channel" button, and /ask answers Helpful and Not helpful.
func render(a bot.Answer, st state) *slackapi.WebhookMessage {
	if a.Private {
		// Only the asker sees it, whatever the reply setting; nothing to
		// page or share.
		st.Public, st.By, st.ByName = false, "", ""
	}
	// The vote carries the lead's own reference and the incident once,
	// so it is worked out before the references take their in:ID.
	votes := voteBlock(a)
	if a.Incident != "" {
		// Every control answers from the same incident, on any replica.
		st.Line = incident.LineIn(st.Line, a.Incident)
		a = refsIn(a)
	}
	skip := min(st.Skip, len(a.Items))
	for n := len(a.Items) - skip; n > 1; n-- {
		if msg, blocks := compose(a, st, votes, skip, n, 0); fits(msg, blocks) {
			return msg
		}
	}
	n := min(1, len(a.Items)-skip)
	// A single entry too big for a message loses its last blocks, marked.
	most := 0
	if n == 1 {
		most = len(itemBlocks(a.Locale, a.Items[skip], 0, a.Help)) - 1
	}
	for trim := 0; trim <= most; trim++ {
		if msg, blocks := compose(a, st, votes, skip, n, trim); fits(msg, blocks) {
			return msg
		}
	}
	return tooLong(a)
}

// compose builds the message showing n items of a.Items from skip on,
// with the last trim blocks of the last item replaced by a note.
func compose(a bot.Answer, st state, votes *slackapi.ActionBlock, skip, n, trim int) (*slackapi.WebhookMessage, int) {
	items := a.Items[skip : skip+n]
	title := a.Title
	if title == "" {
		title = "incidentbot"
	}
	var blocks []slackapi.Block
	blocks = append(blocks, slackapi.NewHeaderBlock(plain(cut(escape(title), maxHeaderText, "…"))))
	if a.Total > len(items) && len(items) > 0 && a.Lead == nil {
		first := a.Number(skip)
		blocks = append(blocks, note(phrases.T(a.Locale, "Items %d–%d of %d · page %d of %d",
			first, first+len(items)-1, a.Total, a.Page, a.Pages)))
	}
	if a.Intro != "" {
		blocks = append(blocks, section(cut(escape(a.Intro), maxSectionText, cutMark)))
	}
	if a.Lead != nil && skip == 0 {
		blocks = append(blocks, leadBlocks(a.Locale, *a.Lead)...)
	}
	for i, it := range items {
		if i > 0 && !a.Help && !oneLine(it) {
			blocks = append(blocks, slackapi.NewDividerBlock())
		}
		ib := itemBlocks(a.Locale, it, a.Number(skip+i), a.Help)
		if i == len(items)-1 && trim > 0 {
			ib = trimItem(a.Locale, ib, trim)
		}
		blocks = append(blocks, ib...)
	}
	if a.Help {
		blocks = append(blocks, note(phrases.Word(a.Locale, "Where these names are taken, use the umbrella command: `/incident help`, `/incident timeline`.")))
	}
	if l := bot.IncidentLine(a); l != "" {
		blocks = append(blocks, note(cut(escape(l), maxSectionText, "…")))
	}
	switch {
	case st.By != "":
		blocks = append(blocks, note(phrases.T(a.Locale, "Shared by %s", "<@"+st.By+">")))
	case st.ByName != "":
		blocks = append(blocks, note(phrases.T(a.Locale, "Shared by %s", cut(escape(st.ByName), 200, "…"))))
	}
	if nav, ok := navigation(a, st, skip, n); ok {
		if len(nav) > 0 {
			blocks = append(blocks, slackapi.NewActionBlock("incidentbot_nav", nav...))
		}
	} else {
		blocks = append(blocks, note("_"+phrases.Word(a.Locale, "This question is too long to page or share from here; ask a shorter one to see more.")+"_"))
	}
	if votes != nil {
		blocks = append(blocks, votes)
	}

	// The text is what notifications show: the title, short.
	text := cut(escape(title), maxHeaderText, "…")
	if a.Pages > 1 {
		text += phrases.T(a.Locale, " (page %d of %d)", a.Page, a.Pages)
	}
	msg := &slackapi.WebhookMessage{
		ResponseType: slackapi.ResponseTypeEphemeral,
		Text:         text,
		Blocks:       &slackapi.Blocks{BlockSet: blocks},
	}
	if st.Public {
		msg.ResponseType = slackapi.ResponseTypeInChannel
	}
	return msg, len(blocks)
}

// navigation returns the Previous, Next and Share buttons for a message
// showing n items from skip on; ok is false when the command line is too
// long for a button value to carry.
func navigation(a bot.Answer, st state, skip, n int) (buttons []slackapi.BlockElement, ok bool) {
	ok = true
	add := func(action, label string, to state) {
		value := to.encode()
		if platform.UTF16Len(value) > maxButtonValue || jsonLen(value) > maxValueBytes {
			ok = false
			return
		}
		buttons = append(buttons, slackapi.NewButtonBlockElement(action, value, plain(phrases.Word(a.Locale, label))))
	}
	if a.Page > 1 || skip > 0 {
		to := st
		if skip > 0 {
			// Back to the start of this engine page.
			to.Page, to.Skip = a.Page, 0
		} else {
			to.Page, to.Skip = a.Page-1, 0
		}
		add(actionPrev, "Previous", to)
	}
	if skip+n < len(a.Items) || a.Page < a.Pages {
		to := st
		if skip+n < len(a.Items) {
			to.Page, to.Skip = a.Page, skip+n
		} else {
			to.Page, to.Skip = a.Page+1, 0
		}
		add(actionNext, "Next", to)
	}
	if !st.Public && !a.Help && !a.Private {
		to := st
		to.Page, to.Skip = a.Page, skip
		add(actionShare, "Share in channel", to)
	}
	if !ok {
		return nil, false
	}
	return buttons, true
}

// oneLine reports whether an item is shown as a line of a list: a
// heading, with at most a status and a meta line.
func oneLine(it bot.Item) bool {
	return it.Words.Text == "" && len(it.Lines) == 0 && !it.HasDetails() && it.Heading != ""
}

// leadBlocks render an answer's lead (or a details view) as an item
// without a number: it is the answer, not one of a list.
func leadBlocks(loc string, it bot.Item) []slackapi.Block { return itemBlocks(loc, it, 0, false) }

// itemBlocks renders one item: a section with its number and heading (and
// status), its words and lines, with a Details button; its meta line as
// context; then its details when filled in, as further sections.
func itemBlocks(loc string, it bot.Item, n int, help bool) []slackapi.Block {
	if help {
		return []slackapi.Block{section("*`" + escape(it.Heading) + "`*\n" + escape(it.Words.Text))}
	}
	var paras []string
	head := ""
	if n > 0 {
		head = fmt.Sprintf("*%d.*", n)
	}
	if it.Heading != "" {
		head = knowledge.JoinNonEmpty(" ", head, "*"+escape(it.Heading)+"*")
	}
	if it.Status != "" {
		head += " · _" + escape(phrases.Word(loc, it.Status)) + "_"
	}
	switch {
	case it.Words.Text == "":
	case head == "":
		head = it.Words.Show(marks, loc)
	case it.Heading == "":
		head += " " + it.Words.Show(marks, loc)
	default:
		head += "\n" + it.Words.Show(marks, loc)
	}
	paras = append(paras, head)
	for _, l := range it.Lines {
		paras = append(paras, "• "+l.Show(marks, loc))
	}
	if oneLine(it) && it.Meta != "" {
		// A list line keeps its meta beside it, in one section.
		paras = []string{head + "\n" + escape(it.Meta)}
	}
	var blocks []slackapi.Block
	for _, text := range packParagraphs(paras, "\n", maxSectionText) {
		blocks = append(blocks, section(text))
	}
	if it.Meta != "" && !oneLine(it) {
		blocks = append(blocks, note(cut(escape(it.Meta), maxSectionText, cutMark)))
	}
	if c := controls(loc, it); c != nil {
		blocks = append(blocks, c)
	}
	return append(blocks, detailBlocks(loc, it)...)
}

// detailBlocks are an item's details: its notes, then each excerpt as a
// block quote with its source, one section each so that a cut never
// separates words from their source.
func detailBlocks(loc string, it bot.Item) []slackapi.Block {
	var paras []string
	for _, n := range it.Notes {
		paras = append(paras, "*"+escape(n.Label)+":* "+escape(n.Text))
	}
	var blocks []slackapi.Block
	for _, text := range packParagraphs(paras, "\n", maxSectionText) {
		blocks = append(blocks, section(text))
	}
	for _, x := range it.Excerpts {
		var lines []string
		if x.About != "" {
			lines = append(lines, "_"+escape(x.About)+":_")
		}
		source := "— " + link(x.Source, x.URL)
		if x.Archived != "" {
			source += " · " + link(phrases.Word(loc, "archived copy"), x.Archived)
		}
		lines = append(lines, blockquote(x.Text), source)
		blocks = append(blocks, section(cut(strings.Join(lines, "\n"), maxSectionText, cutMark)))
	}
	return blocks
}

// refsIn is a with each entry's reference led by its incident's in:ID
// word, as the Details and Cite buttons carry it.
func refsIn(a bot.Answer) bot.Answer {
	if a.Lead != nil && a.Lead.Ref != "" {
		lead := *a.Lead
		lead.Ref = incident.StateIn(lead.Ref, a.Incident)
		a.Lead = &lead
	}
	items := make([]bot.Item, len(a.Items))
	for i, it := range a.Items {
		if it.Ref != "" {
			it.Ref = incident.StateIn(it.Ref, a.Incident)
		}
		items[i] = it
	}
	a.Items = items
	return a
}

// controls are the buttons under an entry, side by side: Details when it
// has details not shown yet, and Cite. Each carries the entry's
// reference, so any replica can answer it after any restart.
func controls(loc string, it bot.Item) *slackapi.ActionBlock {
	if it.Ref == "" || platform.UTF16Len(it.Ref) > maxButtonValue {
		return nil
	}
	var buttons []slackapi.BlockElement
	if !it.HasDetails() {
		buttons = append(buttons, slackapi.NewButtonBlockElement(actionDetails, it.Ref, plain(phrases.Word(loc, "Details"))))
	}
	buttons = append(buttons, slackapi.NewButtonBlockElement(actionCite, it.Ref, plain(phrases.Word(loc, "Cite"))))
	return slackapi.NewActionBlock("", buttons...)
}

// marks is Slack's mrkdwn for marked words.
var marks = bot.Markup{
	Escape:     escape,
	Strong:     func(s string) string { return "*" + s + "*" },
	Paraphrase: func(loc, text string) string { return "_" + phrases.Word(loc, bot.ParaphraseLabel) + ":_ " + text },
	Cited:      blockquote,
	// A code block: shown as it stands, and copied as it stands.
	Copy: func(text string) string { return "```" + escape(text) + "```" },
}

func blockquote(s string) string {
	lines := strings.Split(escape(s), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}

// link is a mrkdwn link to url labelled title, or the escaped title alone
// when no usable URL is known.
func link(title, url string) string {
	if title == "" {
		title = url
	}
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") {
		return escape(title)
	}
	// "|" would end the URL part early; the label may hold anything escaped.
	url = strings.ReplaceAll(escape(url), "|", "%7C")
	return "<" + url + "|" + escape(title) + ">"
}

func plain(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.PlainTextType, s, false, false)
}

// mrkdwn is a text object of Slack markup. Verbatim, so that Slack does
// not turn names or channel words in it into mentions or links: the text
// is escaped and means exactly what it says.
func mrkdwn(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.MarkdownType, s, false, true)
}

func note(s string) *slackapi.ContextBlock {
	return slackapi.NewContextBlock("", mrkdwn(s))
}

func section(s string) *slackapi.SectionBlock {
	return slackapi.NewSectionBlock(mrkdwn(s), nil, nil)
}
