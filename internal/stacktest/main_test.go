package stacktest

import (
	"fmt"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cloudresume/cloudresume/internal/awstest"
	"github.com/cloudresume/cloudresume/internal/dynamo"
)

// The dynalite every test of the package shares, and the dev stage's
// template, synthesized once when a test first needs it.
var (
	endpoint string
	dev      = &Stage{Name: "dev"}
)

func TestMain(m *testing.M) {
	srv, err := awstest.StartDynalite()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	endpoint = srv.Endpoint
	code := m.Run()
	srv.Stop()
	os.Exit(code)
}

func testClient() *dynamodb.Client { return dynamo.NewClient(awstest.Config(endpoint)) }
