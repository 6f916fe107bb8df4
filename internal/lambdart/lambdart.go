// Package lambdart is a local AWS Lambda Runtime API (version 2018-06-01),
// enough to run a custom-runtime bootstrap outside AWS: the caller queues
// events with Invoke, the bootstrap fetches them from
// /runtime/invocation/next and posts its response or error, and an error
// during its initialisation arrives on InitErrors.
package lambdart

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Version is the Runtime API version served.
const Version = "2018-06-01"

// DefaultTimeout is the function timeout told to the bootstrap through the
// deadline of each invocation.
const DefaultTimeout = 30 * time.Second

// maxPayload bounds a response or error body, as Lambda's 6 MB limit does.
const maxPayload = 6 << 20

// Error is a function or initialisation error as the bootstrap reported it.
type Error struct {
	Message string `json:"errorMessage"`
	Type    string `json:"errorType"`
	// HeaderType is the Lambda-Runtime-Function-Error-Type header, if sent.
	HeaderType string `json:"-"`
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Type, e.Message) }

// Response is the outcome of one invocation: Payload when the function
// answered, Err when it reported an error.
type Response struct {
	RequestID string
	Payload   []byte
	Err       *Error
}

// Server is a Runtime API listening on 127.0.0.1.
type Server struct {
	// FunctionName names the function in the ARN and the environment.
	FunctionName string
	// Timeout is the time each invocation is given (DefaultTimeout when 0).
	Timeout time.Duration

	ln      net.Listener
	srv     *http.Server
	queue   chan *invocation
	initErr chan Error
	first   chan struct{} // closed at the first /next
	once    sync.Once

	mu      sync.Mutex
	pending map[string]*invocation // fetched, not yet answered
}

// invocation is an event waiting for, or being handled by, the bootstrap.
type invocation struct {
	id      string
	payload []byte
	done    chan Response // buffered: the answer never blocks
}

// Start starts a Runtime API on a free port of 127.0.0.1.
func Start() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	s := &Server{
		FunctionName: "cloudresume-local",
		ln:           ln,
		queue:        make(chan *invocation, 64),
		initErr:      make(chan Error, 4),
		first:        make(chan struct{}),
		pending:      map[string]*invocation{},
	}
	mux := http.NewServeMux()
	base := "/" + Version + "/runtime"
	mux.HandleFunc("GET "+base+"/invocation/next", s.handleNext)
	mux.HandleFunc("POST "+base+"/invocation/{id}/response", s.handleResponse)
	mux.HandleFunc("POST "+base+"/invocation/{id}/error", s.handleError)
	mux.HandleFunc("POST "+base+"/init/error", s.handleInitError)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

// Addr answers host:port, the value of AWS_LAMBDA_RUNTIME_API.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Env answers the variables Lambda sets for a function's process that
// point it at this Runtime API.
func (s *Server) Env() []string {
	return []string{
		"AWS_LAMBDA_RUNTIME_API=" + s.Addr(),
		"AWS_LAMBDA_FUNCTION_NAME=" + s.FunctionName,
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
	}
}

// Close stops the server; invocations still waiting are abandoned.
func (s *Server) Close() error { return s.srv.Close() }

// Polled is closed when the bootstrap first asks for an invocation, which
// is when its initialisation is done.
func (s *Server) Polled() <-chan struct{} { return s.first }

// InitErrors delivers the errors the bootstrap reports from its
// initialisation.
func (s *Server) InitErrors() <-chan Error { return s.initErr }

// Invoke queues payload for the bootstrap and waits for its answer or for
// ctx to end. A function error is a Response with Err set, not an error.
func (s *Server) Invoke(ctx context.Context, payload []byte) (Response, error) {
	inv := &invocation{id: newID(), payload: payload, done: make(chan Response, 1)}
	select {
	case s.queue <- inv:
	case <-ctx.Done():
		return Response{}, fmt.Errorf("queue invocation: %w", ctx.Err())
	}
	select {
	case r := <-inv.done:
		return r, nil
	case <-ctx.Done():
		return Response{}, fmt.Errorf("invocation %s: %w", inv.id, ctx.Err())
	}
}

func (s *Server) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return DefaultTimeout
}

// handleNext hands out the next queued invocation, blocking until there is
// one, as Lambda does.
func (s *Server) handleNext(w http.ResponseWriter, r *http.Request) {
	s.once.Do(func() { close(s.first) })
	var inv *invocation
	select {
	case inv = <-s.queue:
	case <-r.Context().Done():
		return
	}
	s.mu.Lock()
	s.pending[inv.id] = inv
	s.mu.Unlock()
	deadline := time.Now().Add(s.timeout())
	h := w.Header()
	h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
	h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(deadline.UnixMilli(), 10))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:"+s.FunctionName)
	h.Set("Lambda-Runtime-Trace-Id", fmt.Sprintf("Root=1-%08x-%s;Sampled=0", time.Now().Unix(), randomHex(12)))
	h.Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	w.Write(inv.payload)
}

// take removes the pending invocation of r's {id}, answering 400 when
// there is none.
func (s *Server) take(w http.ResponseWriter, r *http.Request) (*invocation, bool) {
	id := r.PathValue("id")
	s.mu.Lock()
	inv, ok := s.pending[id]
	delete(s.pending, id)
	s.mu.Unlock()
	if !ok {
		writeStatus(w, http.StatusBadRequest, "InvalidRequestID", "no invocation in progress with ID "+id)
	}
	return inv, ok
}

func (s *Server) handleResponse(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPayload))
	if err != nil {
		writeStatus(w, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", err.Error())
		return
	}
	inv, ok := s.take(w, r)
	if !ok {
		return
	}
	inv.done <- Response{RequestID: inv.id, Payload: body}
	writeStatus(w, http.StatusAccepted, "", "OK")
}

func (s *Server) handleError(w http.ResponseWriter, r *http.Request) {
	e, err := readError(w, r)
	if err != nil {
		return
	}
	inv, ok := s.take(w, r)
	if !ok {
		return
	}
	inv.done <- Response{RequestID: inv.id, Err: &e}
	writeStatus(w, http.StatusAccepted, "", "OK")
}

func (s *Server) handleInitError(w http.ResponseWriter, r *http.Request) {
	e, err := readError(w, r)
	if err != nil {
		return
	}
	select {
	case s.initErr <- e:
	default: // nobody is reading; keep the first few only
	}
	writeStatus(w, http.StatusAccepted, "", "OK")
}

// readError decodes an error body, answering 400 when it is not one.
func readError(w http.ResponseWriter, r *http.Request) (Error, error) {
	var e Error
	err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPayload)).Decode(&e)
	if err == nil && e.Type == "" && e.Message == "" {
		err = errors.New("neither errorType nor errorMessage is set")
	}
	if err != nil {
		writeStatus(w, http.StatusBadRequest, "InvalidErrorBody", err.Error())
		return Error{}, err
	}
	e.HeaderType = r.Header.Get("Lambda-Runtime-Function-Error-Type")
	return e, nil
}

// writeStatus answers the Runtime API's JSON status body.
func writeStatus(w http.ResponseWriter, code int, errType, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	if errType == "" {
		json.NewEncoder(w).Encode(map[string]string{"status": msg})
		return
	}
	json.NewEncoder(w).Encode(map[string]string{"errorType": errType, "errorMessage": msg})
}

// newID answers a random request ID in the UUID form Lambda uses.
func newID() string {
	h := randomHex(16)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// randomHex answers n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
