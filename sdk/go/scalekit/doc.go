// Scalekit custom providers (connectors) declared as code: create, update, adopt, import and delete them with Pulumi.
package scalekit
