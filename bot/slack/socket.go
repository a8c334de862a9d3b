package slack

import (
	"context"
	"errors"
	"fmt"
	"sync"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode connects to Slack over Socket Mode with the app-level and
// bot tokens and answers until ctx is cancelled, reconnecting when the
// connection drops. It returns an error only when Slack refuses the
// tokens. opts tune the client (socketmode.OptionPingInterval in tests).
func (b *Bot) RunSocketMode(ctx context.Context, opts ...socketmode.Option) error {
	client := socketmode.New(b.api, opts...)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	runErr := make(chan error, 1)
	go func() { runErr <- client.RunContext(ctx) }()

	// Work that outlives its ack (posts to response_url, chat.postMessage)
	// runs beside the event loop and is waited for on the way out.
	var work sync.WaitGroup
	defer work.Wait()
	for {
		select {
		case <-ctx.Done():
			<-runErr
			return nil
		case err := <-runErr:
			if ctx.Err() != nil || errors.Is(err, context.Canceled) {
				return nil
			}
			return fmt.Errorf("slack socket mode: %w", err)
		case evt := <-client.Events:
			b.socketEvent(ctx, client, evt, &work)
		}
	}
}

func (b *Bot) socketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event, work *sync.WaitGroup) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.log.Debug("slack socket mode connecting")
	case socketmode.EventTypeConnected:
		b.log.Info("slack socket mode connected")
	case socketmode.EventTypeConnectionError:
		b.log.Warn("slack socket mode connection failed", "err", connectionError(evt.Data))
	case socketmode.EventTypeInvalidAuth:
		b.log.Error("slack socket mode refused the tokens")
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slackapi.SlashCommand)
		if !ok || evt.Request == nil {
			b.ack(client, evt.Request, nil)
			return
		}
		// The answer is the ack's payload: no second round trip.
		msg := b.command(ctx, cmd)
		if err := client.Ack(*evt.Request, msg); err != nil {
			// Answers are rendered to fit an ack; should one not, ack
			// empty and post the answer to response_url instead.
			b.log.Warn("slack ack with answer failed", "command", cmd.Command, "err", err)
			b.ack(client, evt.Request, nil)
			work.Go(func() {
				if err := b.respond(ctx, cmd.ResponseURL, msg); err != nil {
					b.log.Warn("slack answer not posted", "command", cmd.Command, "err", err)
				}
			})
		}
	case socketmode.EventTypeInteractive:
		b.ack(client, evt.Request, nil)
		cb, ok := evt.Data.(slackapi.InteractionCallback)
		if !ok {
			return
		}
		work.Go(func() {
			if err := b.interact(ctx, cb); err != nil {
				b.log.Warn("slack interaction failed", "type", string(cb.Type), "err", err)
			}
		})
	case socketmode.EventTypeEventsAPI:
		b.ack(client, evt.Request, nil)
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			return
		}
		work.Go(func() {
			if err := b.event(ctx, ev); err != nil {
				b.log.Warn("slack event failed", "type", ev.InnerEvent.Type, "err", err)
			}
		})
	case socketmode.EventTypeErrorBadMessage, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		b.log.Warn("slack socket mode error", "type", string(evt.Type))
	}
}

// ack acknowledges a Socket Mode envelope, if the event came in one.
func (b *Bot) ack(client *socketmode.Client, req *socketmode.Request, payload any) {
	if req == nil || req.EnvelopeID == "" {
		return
	}
	if err := client.Ack(*req, payload); err != nil {
		b.log.Error("slack ack failed", "type", req.Type, "err", err)
	}
}

func connectionError(data any) error {
	if e, ok := data.(*slackapi.ConnectionErrorEvent); ok && e.ErrorObj != nil {
		return e.ErrorObj
	}
	return errors.New("unknown")
}
