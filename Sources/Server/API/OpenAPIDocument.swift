/// The API's OpenAPI 3 description, served at /api/v1/openapi.yaml. Written by hand beside the
/// routes (APIRoutes) and checked in the tests: every route there is a path here, and the
/// document validates (openapi-spec-validator) and is exercised by schemathesis in `make test`.
enum OpenAPIDocument {
    static let yaml = """
        openapi: 3.0.3
        info:
          title: immunopipe portal API
          version: "1"
          description: >-
            Uploads of instrument exports into a study store, their verdicts, and change-from-baseline
            reports. Every request carries an API token (`immunopipe users add` or `users token`) as
            `Authorization: Bearer <token>`. A lab account uploads to its study and sees its own site's
            uploads; researchers read blinded reports; statisticians may unblind with the randomization.
        servers:
          - url: /
        security:
          - bearer: []
        paths:
          /api/v1/openapi.yaml:
            get:
              summary: This document
              operationId: openapi
              security: []
              responses:
                "200":
                  description: The OpenAPI document
                  content:
                    application/yaml:
                      schema: {type: string}
          /api/v1/studies/{study}/uploads:
            parameters:
              - $ref: "#/components/parameters/study"
            post:
              summary: Upload export files as one batch and get its verdict
              operationId: upload
              requestBody:
                required: true
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      required: [file]
                      properties:
                        file:
                          type: array
                          items: {type: string, format: binary}
              responses:
                "201":
                  description: The verdict (also when files or rows were rejected)
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Verdict"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "413": {$ref: "#/components/responses/TooLarge"}
          /api/v1/studies/{study}/batches:
            parameters:
              - $ref: "#/components/parameters/study"
            get:
              summary: The study's batches the account may see (a lab account its own site's)
              operationId: listBatches
              responses:
                "200":
                  description: Batches, newest first
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [batches]
                        properties:
                          batches:
                            type: array
                            items: {$ref: "#/components/schemas/Batch"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
          /api/v1/studies/{study}/batches/{id}:
            parameters:
              - $ref: "#/components/parameters/study"
              - name: id
                in: path
                required: true
                schema: {type: integer, format: int64}
            get:
              summary: A batch's verdict and diagnostics
              operationId: getBatch
              responses:
                "200":
                  description: The verdict
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Verdict"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
          /api/v1/studies/{study}/reports:
            parameters:
              - $ref: "#/components/parameters/study"
            get:
              summary: Reports the account may read (blinded ones; unblinded ones for statisticians)
              operationId: listReports
              responses:
                "200":
                  description: Reports, newest first
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [reports]
                        properties:
                          reports:
                            type: array
                            items: {$ref: "#/components/schemas/Report"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
            post:
              summary: Run a change-from-baseline report (blinded unless a statistician sends the randomization)
              operationId: runReport
              requestBody:
                required: false
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      properties:
                        randomization:
                          type: string
                          format: binary
                          description: Randomization CSV (subject, arm); statisticians only
              responses:
                "201":
                  description: The report run
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Report"}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "409": {$ref: "#/components/responses/Error"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "422": {$ref: "#/components/responses/Error"}
          /api/v1/studies/{study}/reports/{id}/files/{name}:
            parameters:
              - $ref: "#/components/parameters/study"
              - name: id
                in: path
                required: true
                schema: {type: integer, format: int64}
              - name: name
                in: path
                required: true
                description: One of the report's files (report.html, cfb.csv, …)
                schema: {type: string}
            get:
              summary: A file of a report (HTML page or CSV table)
              operationId: getReportFile
              responses:
                "200":
                  description: The file
                  content:
                    text/html:
                      schema: {type: string}
                    text/csv:
                      schema: {type: string}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
        components:
          securitySchemes:
            bearer:
              type: http
              scheme: bearer
          parameters:
            study:
              name: study
              in: path
              required: true
              description: The study identifier (e.g. NCT05495321)
              schema: {type: string}
          responses:
            Error:
              description: The request could not be carried out
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            BadRequest:
              description: Malformed request (not multipart, no file part, bad identifier)
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            Unauthorized:
              description: No valid API token
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            Forbidden:
              description: Not a member of the study, a role that may not do this, or another site's upload
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            NotFound:
              description: No such study store, batch, report or file
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            TooLarge:
              description: The upload is over the configured size
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
          schemas:
            Error:
              type: object
              required: [error]
              properties:
                error:
                  type: object
                  required: [message]
                  properties:
                    message: {type: string}
            Verdict:
              type: object
              required: [stored, rejected, warnings, files, diagnostics]
              properties:
                batch:
                  type: integer
                  format: int64
                  nullable: true
                  description: The batch the values went into; absent when nothing new was stored
                stored: {type: integer, description: Rows stored}
                rejected: {type: integer, description: Rows rejected}
                warnings: {type: integer}
                files:
                  type: array
                  items:
                    type: object
                    required: [name, format, rows, rejected, warnings, outcome, message]
                    properties:
                      name: {type: string}
                      format: {type: string}
                      rows: {type: integer, description: Rows stored from this file}
                      rejected: {type: integer}
                      warnings: {type: integer}
                      outcome: {type: string, enum: [stored, rejected, skipped]}
                      message: {type: string}
                diagnostics:
                  type: array
                  items:
                    type: object
                    required: [file, line, column, severity, code, message]
                    properties:
                      file: {type: string}
                      line: {type: integer, description: 1-based; 0 means the whole file}
                      column: {type: integer, description: 1-based; 0 means the whole line}
                      severity: {type: string, enum: [error, warning]}
                      code: {type: string, description: "A stable code from docs/diagnostics.md"}
                      message: {type: string}
                      sheet: {type: string, description: "Workbooks only: the sheet; line is then the row"}
                      cell: {type: string, description: "Workbooks only: the cell as Excel names it, e.g. C7"}
            Batch:
              type: object
              required: [id, site, created, user, rows, rejected, warnings, files]
              properties:
                id: {type: integer, format: int64}
                site: {type: string, description: The uploading lab's site (empty for command-line ingests)}
                created: {type: string, description: "UTC, ISO 8601"}
                user: {type: string}
                rows: {type: integer, format: int64}
                rejected: {type: integer, format: int64}
                warnings: {type: integer, format: int64}
                files:
                  type: array
                  items: {type: string}
            Report:
              type: object
              required: [id, created, user, blinded, files]
              properties:
                id: {type: integer, format: int64}
                created: {type: string}
                user: {type: string}
                blinded: {type: boolean}
                files:
                  type: array
                  items: {type: string}
        """
}
