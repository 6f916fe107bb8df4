// Package perm lists what each Lambda function of the deployment asks of
// AWS, for the CDK app to grant and nothing more (`cloudresume permissions
// --json`). Its test derives the same list from the code of cmd/lambda and
// the packages it calls, so an SDK call without a grant fails the build.
package perm

// Names of the functions, as the deployment knows them.
const (
	API    = "api"    // the HTTP API and the periodic work (outbox, packing)
	Ingest = "ingest" // the movie CSV files uploaded to S3
)

// Resources that are not DynamoDB tables, as Grant.Resource names them.
const (
	// Uploads are the objects that the S3 events given to the ingest
	// function name: the uploads prefix of the uploads bucket.
	Uploads = "uploads"
	// Reports are the import reports the ingest function writes beside
	// them, under CLOUDRESUME_REPORTS_PREFIX of the same bucket.
	Reports = "reports"
	// Mail is the SES identities the contact notifications are sent from
	// and to (SES checks the recipient too while the account is in the
	// sandbox).
	Mail = "mail"
)

// Grant is one IAM action that a function needs, on one resource.
type Grant struct {
	Action string `json:"action"` // "dynamodb:Query"
	// Table is the suffix of a DynamoDB table's name, after the stage's
	// table prefix.
	Table string `json:"table,omitempty"`
	// Index is a secondary index of Table: the action is on the index,
	// as a query that names it needs.
	Index string `json:"index,omitempty"`
	// Resource is Uploads, Reports or Mail, for an action that is not on
	// a table.
	Resource string `json:"resource,omitempty"`
}

// Functions returns the grants of each function, by name.
func Functions() map[string][]Grant {
	return map[string][]Grant{
		API: {
			{Action: "dynamodb:DeleteItem", Table: "visits"},
			{Action: "dynamodb:GetItem", Table: "visits"},
			{Action: "dynamodb:PutItem", Table: "visits"},
			{Action: "dynamodb:Query", Table: "visits"},
			{Action: "dynamodb:UpdateItem", Table: "visits"},

			{Action: "dynamodb:Query", Table: "movies"},
			{Action: "dynamodb:UpdateItem", Table: "movies"},

			{Action: "dynamodb:DeleteItem", Table: "messages"},
			{Action: "dynamodb:GetItem", Table: "messages"},
			{Action: "dynamodb:PutItem", Table: "messages"},
			{Action: "dynamodb:Query", Table: "messages", Index: "by_created"},
			{Action: "dynamodb:Query", Table: "messages", Index: "by_due"},
			{Action: "dynamodb:UpdateItem", Table: "messages"},

			{Action: "ses:SendEmail", Resource: Mail},
		},
		Ingest: {
			{Action: "s3:GetObject", Resource: Uploads},
			// The event names the object's version when the bucket keeps
			// versions; reading a given version is its own action.
			{Action: "s3:GetObjectVersion", Resource: Uploads},
			{Action: "s3:PutObject", Resource: Reports},
			{Action: "dynamodb:BatchWriteItem", Table: "movies"},
		},
	}
}
