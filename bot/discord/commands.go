package discord

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/incidentbot/incidentbot/bot"
	"github.com/incidentbot/incidentbot/bot/i18n"
	"github.com/incidentbot/incidentbot/bot/incident"
)

// CheckCommand is the message context-menu command: it runs a message's
// text through /check.
const CheckCommand = "Check against sources"

// adminPermissions are the permissions that make a member an admin of the
// bot: Discord shows admin commands only to members who have them, and
// the engine runs them for them.
const adminPermissions = discordgo.PermissionManageGuild

// Commands returns every command to register with one bulk overwrite:
// each command of bot's table as a slash command, with its argument as a
// string option, and the "Check against sources" message command.
func Commands() []*discordgo.ApplicationCommand {
	var out []*discordgo.ApplicationCommand
	for _, bc := range bot.Commands() {
		c := &discordgo.ApplicationCommand{
			Type:                     discordgo.ChatApplicationCommand,
			Name:                     bc.Name,
			Description:              description(bc.Summary),
			DescriptionLocalizations: localized(bc.Summary, description),
			Options:                  []*discordgo.ApplicationCommandOption{},
		}
		if bc.Admin {
			perms := int64(adminPermissions)
			c.DefaultMemberPermissions = &perms
		}
		if o := bc.Option; o.Name != "" {
			opt := &discordgo.ApplicationCommandOption{
				Type:        discordgo.ApplicationCommandOptionString,
				Name:        o.Name,
				Description: description(o.Help),
				// The option's name too, which Discord shows by the field;
				// interactions still carry the English name.
				NameLocalizations:        *localized(o.Name, optionName),
				DescriptionLocalizations: *localized(o.Help, description),
				Required:                 bc.ArgRequired,
				Autocomplete:             o.Autocomplete,
				MaxLength:                o.MaxLength,
			}
			for _, ch := range o.Choices {
				opt.Choices = append(opt.Choices, &discordgo.ApplicationCommandOptionChoice{Name: ch, Value: ch})
			}
			c.Options = append(c.Options, opt)
		}
		if bc.Incident {
			// After the argument: Discord lists required options first.
			o := bot.IncidentField
			c.Options = append(c.Options, &discordgo.ApplicationCommandOption{
				Type:                     discordgo.ApplicationCommandOptionString,
				Name:                     o.Name,
				Description:              description(o.Help),
				NameLocalizations:        *localized(o.Name, optionName),
				DescriptionLocalizations: *localized(o.Help, description),
				Autocomplete:             true,
				MaxLength:                o.MaxLength,
			})
		}
		out = append(out, c)
	}
	return append(out, &discordgo.ApplicationCommand{Type: discordgo.MessageApplicationCommand, Name: CheckCommand, NameLocalizations: localized(CheckCommand, messageCommandName)})
}

// localizations are the Discord locales the bot's catalogues speak.
var localizations = map[discordgo.Locale]string{discordgo.Russian: i18n.LocaleRU, discordgo.Ukrainian: i18n.LocaleUK}

// localized is text in every language of the catalogues, each fitted to
// Discord's rule for the field by fit.
func localized(text string, fit func(string) string) *map[discordgo.Locale]string {
	m := map[discordgo.Locale]string{}
	for dl, loc := range localizations {
		m[dl] = fit(phrases.Word(loc, text))
	}
	return &m
}

// optionName fits an option's name to Discord's rule: 1–32 lower-case
// letters, digits, - and _.
func optionName(s string) string {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", "-"))
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' {
			return r
		}
		return -1
	}, s)
	return messageCommandName(s)
}

// messageCommandName fits a message command's name to 1–32 characters.
func messageCommandName(s string) string {
	if utf8.RuneCountInString(s) > 32 {
		s = string([]rune(s)[:32])
	}
	return s
}

// description fits text to Discord's 1–100 characters, capitalised.
func description(s string) string {
	s, _ = cutWords(s, 100)
	if s == "" {
		return "-"
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// commandLine turns a command interaction into the command line the
// engine answers, and says whether its answer must be private whatever
// the reply setting (the message command: checking someone's message is
// the caller's business).
func commandLine(d discordgo.ApplicationCommandInteractionData) (line string, private bool) {
	if d.CommandType == discordgo.MessageApplicationCommand || d.Name == CheckCommand {
		text := ""
		if d.Resolved != nil {
			if m := d.Resolved.Messages[d.TargetID]; m != nil {
				text = m.Content
			}
		}
		return "/check " + text, true
	}
	line = "/" + d.Name
	if name := optionNames()[d.Name]; name != "" {
		if v := optionString(d.Options, name); v != "" {
			line += " " + v
		}
	}
	// An id is one word; text typed rather than picked is made one, for
	// the answer to say there is no such incident and list those there
	// are, rather than answer from another.
	if v := strings.Join(strings.Fields(optionString(d.Options, bot.IncidentField.Name)), "-"); v != "" {
		line = incident.LineIn(line, v)
	}
	return line, false
}

// optionNames are the names of the commands' options, by command.
var optionNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, c := range bot.Commands() {
		if c.Option.Name != "" {
			m[c.Name] = c.Option.Name
		}
	}
	return m
})

// optionString returns the string value of the named option, or "" when
// it is missing or not a string. It does not use the discordgo accessors,
// which panic on a value of the wrong type.
func optionString(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	for _, o := range opts {
		if o != nil && o.Name == name {
			s, _ := o.Value.(string)
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// focused returns the option being typed in an autocomplete interaction.
func focused(opts []*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range opts {
		if o != nil && o.Focused {
			return o
		}
	}
	return nil
}
