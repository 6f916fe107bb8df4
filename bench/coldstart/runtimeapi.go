package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// The Runtime API is written here rather than taken from the project's
// own (internal/lambdart), so that a fault shared by the function and the
// emulator it is tested with cannot hide in the figures.

// apiBase is the path prefix of the Runtime API, version 2018-06-01.
const apiBase = "/2018-06-01/runtime"

// maxPayload bounds a response body, as Lambda's 6 MB limit does.
const maxPayload = 6 << 20

// errorTypeField is the header, or with aws-lambda-go the HTTP trailer, in
// which a function names the type of its error.
const errorTypeField = "Lambda-Runtime-Function-Error-Type"

// answer is the outcome of one invocation as the Runtime API saw it.
type answer struct {
	sent    time.Time // the event went out in answer to /invocation/next
	at      time.Time // the response or error body was read in full
	payload []byte
	// errType is set when the function reported an error: through
	// /invocation/{id}/error, or through the error trailer of a response.
	errType string
}

// runtimeAPI is a Lambda Runtime API for one execution environment: it
// hands out a fixed list of events, one per /invocation/next, and delivers
// the answers in order. Later /next calls wait until it is closed, as a
// frozen environment does.
type runtimeAPI struct {
	ln     net.Listener
	srv    *http.Server
	events [][]byte

	polled   chan time.Time // the time of the first /next: init is done
	pollOnce sync.Once
	answers  chan answer
	initErr  chan string

	mu       sync.Mutex
	next     int                  // index of the next event to hand out
	inflight map[string]time.Time // request ID -> when its event went out, until answered
}

// startRuntimeAPI listens on a free port of 127.0.0.1 and serves events.
func startRuntimeAPI(events [][]byte) (*runtimeAPI, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("runtime API: listen: %w", err)
	}
	a := &runtimeAPI{
		ln:       ln,
		events:   events,
		polled:   make(chan time.Time, 1),
		answers:  make(chan answer, len(events)),
		initErr:  make(chan string, 1),
		inflight: map[string]time.Time{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+apiBase+"/invocation/next", a.handleNext)
	mux.HandleFunc("POST "+apiBase+"/invocation/{id}/response", func(w http.ResponseWriter, r *http.Request) {
		a.handleAnswer(w, r, false)
	})
	mux.HandleFunc("POST "+apiBase+"/invocation/{id}/error", func(w http.ResponseWriter, r *http.Request) {
		a.handleAnswer(w, r, true)
	})
	mux.HandleFunc("POST "+apiBase+"/init/error", a.handleInitError)
	a.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go a.srv.Serve(ln)
	return a, nil
}

// addr returns host:port, the value of AWS_LAMBDA_RUNTIME_API.
func (a *runtimeAPI) addr() string { return a.ln.Addr().String() }

// close stops the server and ends the requests still waiting on it.
func (a *runtimeAPI) close() { a.srv.Close() }

func (a *runtimeAPI) handleNext(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	a.pollOnce.Do(func() { a.polled <- now })
	a.mu.Lock()
	i := a.next
	if i < len(a.events) {
		a.next++
	}
	a.mu.Unlock()
	if i >= len(a.events) {
		<-r.Context().Done()
		return
	}
	id := "req-" + strconv.Itoa(i+1)
	a.mu.Lock()
	a.inflight[id] = time.Now()
	a.mu.Unlock()
	h := w.Header()
	h.Set("Lambda-Runtime-Aws-Request-Id", id)
	h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(time.Now().Add(30*time.Second).UnixMilli(), 10))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:coldstart")
	h.Set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0")
	h.Set("Content-Type", "application/json")
	w.Write(a.events[i])
}

// handleAnswer reads a response or an error. net/http decodes the chunked
// body that aws-lambda-go sends, whose length it does not know in advance,
// and fills in its trailers once the body is read.
func (a *runtimeAPI) handleAnswer(w http.ResponseWriter, r *http.Request, isError bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPayload))
	at := time.Now()
	if err != nil {
		http.Error(w, `{"errorType":"InvalidRequest","errorMessage":"body not read"}`, http.StatusBadRequest)
		return
	}
	id := r.PathValue("id")
	a.mu.Lock()
	sent, ok := a.inflight[id]
	delete(a.inflight, id)
	a.mu.Unlock()
	if !ok {
		http.Error(w, `{"errorType":"InvalidRequestID","errorMessage":"no such invocation"}`, http.StatusBadRequest)
		return
	}
	ans := answer{sent: sent, at: at, payload: body}
	if isError {
		ans.errType = errorType(r, body)
	} else if t := r.Trailer.Get(errorTypeField); t != "" {
		ans.errType = t
	}
	a.answers <- ans
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	io.WriteString(w, `{"status":"OK"}`)
}

func (a *runtimeAPI) handleInitError(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPayload))
	select {
	case a.initErr <- errorType(r, body) + ": " + string(body):
	default:
	}
	w.WriteHeader(http.StatusAccepted)
}

// errorType returns the type of a reported error: its header, else the
// errorType field of its body, else "Unknown".
func errorType(r *http.Request, body []byte) string {
	if t := r.Header.Get(errorTypeField); t != "" {
		return t
	}
	var e struct {
		Type string `json:"errorType"`
	}
	if json.Unmarshal(body, &e) == nil && e.Type != "" {
		return e.Type
	}
	return "Unknown"
}
