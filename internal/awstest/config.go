package awstest

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Region is the region the local servers pretend to be in.
const Region = "us-east-1"

// Config answers an SDK configuration for a local server at endpoint:
// static credentials (s3rver checks signatures made with S3RVER/S3RVER;
// dynalite takes any), Region, and checksums only where an API requires
// them, which the local servers do not all understand.
func Config(endpoint string) aws.Config {
	return aws.Config{
		Region:                     Region,
		Credentials:                credentials.NewStaticCredentialsProvider("S3RVER", "S3RVER", ""),
		BaseEndpoint:               aws.String(endpoint),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	}
}

// Prefix answers a table-name prefix unique to this run of t, so that the
// tests of a package can share one server: the test's name, made safe for
// table names, and random digits.
func Prefix(t testing.TB) string {
	t.Helper()
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '.':
			return r
		}
		return '_'
	}, t.Name())
	if len(name) > 60 {
		name = name[len(name)-60:]
	}
	var b [4]byte
	rand.Read(b[:])
	return name + "-" + hex.EncodeToString(b[:]) + "-"
}
