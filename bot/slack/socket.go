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

// Run connects to Slack over Socket Mode with the app-level and bot
// tokens and answers until ctx is cancelled, reconnecting when the
// connection drops. It returns an error only when Slack refuses the
// tokens.
func (b *Bot) Run(ctx context.Context) error { return b.runSocketMode(ctx) }

// runSocketMode is Run with opts tuning the client
// (socketmode.OptionPingInterval in tests).
func (b *Bot) runSocketMode(ctx context.Context, opts ...socketmode.Option) error {
	client := socketmode.New(b.api, opts...)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	runErr := make(chan error, 1)
	go func() { runErr <- client.RunContext(ctx) }()

	// Work that outlives its ack (posts to response_url, chat.postMessage)
	// runs beside the event loop and is waited for on the way out. It is
	// not cancelled with ctx: a request already acknowledged still gets its
	// answer, within handleTimeout.
	var work sync.WaitGroup
	defer work.Wait()
	workCtx := context.WithoutCancel(ctx)
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
			b.socketEvent(ctx, workCtx, client, evt, &work)
		}
	}
}

// socketEvent handles one Socket Mode event on the event loop: it acks
// the envelope (with the answer, for a slash command) and leaves posting to
// work goroutines, whose context is workCtx. Both run in serve, so that a
// panic is logged and counted rather than taking the process down, and an
// envelope not yet acked is acked, with an apology for a slash command.
func (b *Bot) socketEvent(ctx, workCtx context.Context, client *socketmode.Client, evt socketmode.Event, work *sync.WaitGroup) {
	// The ack carries the answer to a slash command, and nothing for the
	// other envelopes.
	q := &request{transport: "socket", kind: kindSocket, reply: func(ctx context.Context, msg *slackapi.WebhookMessage) error {
		var payload any
		if evt.Type == socketmode.EventTypeSlashCommand && msg != nil {
			payload = msg
		}
		return b.ack(ctx, client, evt.Request, payload)
	}}
	// later runs h beside the loop, in serve, bounded by handleTimeout.
	later := func(k kind, h func(ctx context.Context, q *request) error) {
		work.Go(func() {
			ctx, cancel := context.WithTimeout(workCtx, handleTimeout)
			defer cancel()
			q := &request{transport: "socket", kind: k}
			b.serve(ctx, q, func() error { return h(ctx, q) })
		})
	}
	b.serve(ctx, q, func() error { return b.socketDispatch(ctx, q, evt, later) })
}

// socketDispatch handles one Socket Mode event for socketEvent.
func (b *Bot) socketDispatch(ctx context.Context, q *request, evt socketmode.Event, later func(kind, func(context.Context, *request) error)) error {
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
		q.kind = kindCommand
		cmd, ok := evt.Data.(slackapi.SlashCommand)
		if !ok {
			return q.send(ctx, nil)
		}
		// The answer is the ack's payload: no second round trip.
		msg := b.command(ctx, cmd)
		if err := q.send(ctx, msg); err != nil {
			// Answers are rendered to fit an ack; should one not, ack
			// empty and post the answer to response_url instead.
			b.log.Warn("slack ack with answer failed", "command", cmd.Command, "err", err)
			if err := q.reply(ctx, nil); err != nil {
				return fmt.Errorf("acking %s: %w", evt.Type, err)
			}
			later(kindCommand, func(ctx context.Context, q *request) error {
				q.reply = func(ctx context.Context, msg *slackapi.WebhookMessage) error {
					return b.respond(ctx, cmd.ResponseURL, msg)
				}
				return q.send(ctx, msg)
			})
		}
	case socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
		// Acked at once; the answer is posted beside the loop.
		var work func(context.Context, *request) error
		switch d := evt.Data.(type) {
		case slackapi.InteractionCallback:
			q.kind = kindInteraction
			work = func(ctx context.Context, q *request) error { return b.interact(ctx, q, d) }
		case slackevents.EventsAPIEvent:
			q.kind = kindEvent
			work = func(ctx context.Context, q *request) error { return b.event(ctx, q, d) }
		}
		err := q.send(ctx, nil)
		if work != nil {
			later(q.kind, work)
		}
		if err != nil {
			return fmt.Errorf("acking %s: %w", evt.Type, err)
		}
	case socketmode.EventTypeErrorBadMessage, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		b.log.Warn("slack socket mode error", "type", string(evt.Type))
	}
	return nil
}

// ack acknowledges a Socket Mode envelope, if the event came in one. It
// gives up when ctx ends rather than wait for a connection that is gone.
func (b *Bot) ack(ctx context.Context, client *socketmode.Client, req *socketmode.Request, payload any) error {
	if req == nil || req.EnvelopeID == "" {
		return nil
	}
	return client.AckCtx(ctx, req.EnvelopeID, payload)
}

func connectionError(data any) error {
	if e, ok := data.(*slackapi.ConnectionErrorEvent); ok && e.ErrorObj != nil {
		return e.ErrorObj
	}
	return errors.New("unknown")
}
