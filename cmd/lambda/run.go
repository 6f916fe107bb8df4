package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	stdlog "log"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/cloudresume/cloudresume/cmd/internal/app"
	"github.com/cloudresume/cloudresume/cmd/internal/metrics"
	"github.com/cloudresume/cloudresume/internal/contact"
	"github.com/cloudresume/cloudresume/internal/visits"
)

// deliveryTimeout bounds the attempt to notify the owner made in the
// invocation that stored a message: the visitor waits for it, and a
// failure only leaves the message for the scheduled drain.
const deliveryTimeout = 3 * time.Second

// drainMargin is kept free before the invocation's deadline when draining,
// so that the last attempt is recorded before Lambda stops the function.
const drainMargin = 2 * time.Second

// run configures the function and hands it to start, which serves
// invocations until the execution environment is shut down. A function
// that cannot start reports why to the Runtime API before run returns.
func run(ctx context.Context, getenv func(string) string, stderr io.Writer, start func(lambda.Handler, *slog.Logger)) error {
	began := time.Now()
	cfg, err := app.NewFlags(app.Lambda, "lambda", "", "", io.Discard).Parse(nil, getenv)
	format := "json"
	if err == nil {
		format = cfg.LogFormat
	}
	log := app.NewLogger(stderr, format, withRequestID)
	var a *app.App
	if err == nil {
		a, err = app.Build(ctx, cfg, log, app.OpenDynamo)
	}
	if err != nil {
		log.ErrorContext(ctx, "init failed", "err", err)
		if api := getenv("AWS_LAMBDA_RUNTIME_API"); api != "" {
			if rerr := reportInitError(ctx, api, err); rerr != nil {
				log.ErrorContext(ctx, "report init error", "err", rerr)
			}
		}
		return err
	}
	log.InfoContext(ctx, "init", "stage", cfg.Stage, "table_prefix", cfg.TablePrefix,
		"resume", cfg.ResumePath != "", "contact", a.Contact != nil, "notify", cfg.Notify,
		"admin", cfg.AdminMode(), "duration_ms", float64(time.Since(began).Microseconds())/1000)
	start(newHandler(a), log)
	return nil
}

// newHandler returns the function's handler over the application.
func newHandler(a *app.App) *handler {
	cfg := a.Config
	api := newHTTPAPI(a.Handler, a.Log, cfg.ClientIPHeader)
	api.originSecret = cfg.OriginSecret
	api.outbox = a.Outbox
	packer, _ := a.Stores.Visits.(visits.Packer)
	return &handler{
		packer:  packer,
		log:     a.Log,
		api:     api,
		ingest:  &ingester{s3: a.AWS.S3, movies: a.Stores.Movies, log: a.Log, reports: cfg.ReportsPrefix},
		outbox:  a.Outbox,
		contact: a.Contact,
		stage:   cfg.Stage,
	}
}

// deliver tries to send what a request just stored, within
// deliveryTimeout, once the request has its answer (which does not depend
// on the outcome): between invocations nothing runs.
func deliver(ctx context.Context, outbox *contact.Outbox, log *slog.Logger) {
	if outbox == nil || !outbox.Kicked() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, deliveryTimeout)
	defer cancel()
	sent, err := outbox.RunOnce(ctx)
	if err != nil {
		log.WarnContext(ctx, "contact: delivery left for the scheduled drain", "err", err)
		return
	}
	log.InfoContext(ctx, "contact: delivered", "sent", sent)
}

// scheduled runs the periodic work: the contact messages whose delivery
// is still pending, then the roll-up of the visit dimensions of closed
// months. A store failure fails the invocation (and so shows in the
// function's error alarm); mail failures stay on the messages.
func (h *handler) scheduled(ctx context.Context) ([]byte, error) {
	if deadline, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-drainMargin))
		defer cancel()
	}
	sent := 0
	if h.outbox != nil {
		var err error
		if sent, err = h.outbox.RunOnce(ctx); err != nil {
			h.log.ErrorContext(ctx, "scheduled drain failed", "sent", sent, "err", err)
			return nil, fmt.Errorf("drain outbox: %w", err)
		}
	}
	h.log.InfoContext(ctx, "scheduled drain", "sent", sent)
	if err := h.reportUndelivered(ctx); err != nil {
		return nil, err
	}
	packed := []string{}
	if h.packer != nil {
		var err error
		packed, err = h.packer.PackClosed(ctx)
		if err != nil {
			// What was packed stays packed; the next run goes on.
			h.log.ErrorContext(ctx, "pack closed months", "packed", packed, "err", err)
			return nil, fmt.Errorf("pack closed months: %w", err)
		}
		if len(packed) > 0 {
			h.log.InfoContext(ctx, "packed closed months", "months", packed)
		}
	}
	return json.Marshal(struct {
		Sent   int      `json:"sent"`
		Packed []string `json:"packed"`
	}{sent, packed})
}

// undeliveredLimit bounds the messages read to count the undelivered: a
// count above it is already an alarm.
const undeliveredLimit = 1000

// reportUndelivered writes the metrics of the messages the owner was not
// told of, whose alarm tells the owner instead.
func (h *handler) reportUndelivered(ctx context.Context) error {
	if h.contact == nil {
		return nil
	}
	u, err := h.contact.Undelivered(ctx, undeliveredLimit)
	if err != nil {
		h.log.ErrorContext(ctx, "count undelivered messages", "err", err)
		return err
	}
	level := slog.LevelInfo
	if len(u.Failed)+len(u.LongPending) > 0 {
		level = slog.LevelWarn
	}
	h.log.Log(ctx, level, "undelivered messages", metrics.EMF(time.Now(), h.stage, map[string]int{
		metrics.FailedMessages: len(u.Failed), metrics.LongPendingMessages: len(u.LongPending),
	})...)
	return nil
}

// startRuntime serves invocations from the Lambda Runtime API; it does not
// return. What the runtime library prints with the standard logger (the
// errors it reports) goes to log too, so that every line is JSON.
func startRuntime(h lambda.Handler, log *slog.Logger) {
	stdlog.SetFlags(0)
	stdlog.SetOutput(logWriter{log})
	lambda.Start(h)
}

// logWriter logs each line written to it as an error.
type logWriter struct{ log *slog.Logger }

func (w logWriter) Write(p []byte) (int, error) {
	w.log.Error(strings.TrimSpace(string(p)))
	return len(p), nil
}
