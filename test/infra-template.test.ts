// infra/template.yaml, checked without AWS: the time limits are ordered (the bot's budget < the
// function's timeout < the gateway's), the runtime and architecture are the intended ones, state
// expires by TTL, secrets are NoEcho, and the handler is the one the package script writes.
import { describe, expect, it } from "vitest";
import { DEFAULT_BUDGET_MS } from "../src/runtime/webhook-core.js";
import { packageScript } from "./support/lambda-package.js";
import { readSamTemplate } from "./support/sam-template.js";

/** API Gateway's integration timeout: 29 s for REST APIs, 30 s for HTTP APIs; the lower one. */
const GATEWAY_TIMEOUT_SECONDS = 29;

const template = readSamTemplate();

function resourcesOf(type: string) {
  return Object.values(template.Resources).filter((resource) => resource.Type === type);
}

function only(type: string) {
  const found = resourcesOf(type);
  expect(found, type).toHaveLength(1);
  return found[0]?.Properties ?? {};
}

const fn = only("AWS::Serverless::Function");
const variables = (fn.Environment as { Variables: Record<string, unknown> }).Variables;

describe("infra/template.yaml", () => {
  it("is a SAM template", () => {
    expect(template.Transform).toBe("AWS::Serverless-2016-10-31");
  });

  it("orders the time limits: bot budget < Lambda timeout < API Gateway timeout", () => {
    const budgetMs = Number(variables.WEBHOOK_BUDGET_MS ?? DEFAULT_BUDGET_MS);
    expect(budgetMs).toBe(8000);
    expect(typeof fn.Timeout).toBe("number");
    expect(budgetMs / 1000).toBeLessThan(fn.Timeout as number);
    expect(fn.Timeout).toBeLessThan(GATEWAY_TIMEOUT_SECONDS);
  });

  it("runs on the Node.js the package is built for, arm64, with the handler it writes", async () => {
    const script = await packageScript();
    expect(fn.Runtime).toBe(`nodejs${script.NODE_MAJOR}.x`);
    expect(fn.Architectures).toEqual(["arm64"]);
    expect(fn.Handler).toBe(script.HANDLER);
    expect(script.HANDLER.split(".")[0] + ".js").toBe(script.HANDLER_FILE);
    expect(fn.CodeUri).toBe(`../dist/${script.ZIP_NAME}`);
  });

  it("answers POST on the webhook path through an HTTP API", () => {
    const events = Object.values(fn.Events as Record<string, { Type: string; Properties: object }>);
    expect(events).toEqual([
      { Type: "HttpApi", Properties: { Path: "/telegram", Method: "POST" } },
    ]);
    const url = JSON.stringify(template.Outputs.WebhookUrl?.Value);
    expect(url).toContain("/telegram");
    expect(JSON.stringify(template.Outputs.SetWebhookCommand?.Value)).toContain(
      "babelgram webhook set https://${ServerlessHttpApi}",
    );
  });

  it("keeps state in a pay-per-request DynamoDB table with pk/sk, TTL on expires_at", () => {
    const [name] = Object.entries(template.Resources).find(
      ([, resource]) => resource.Type === "AWS::DynamoDB::Table",
    ) ?? [""];
    const table = only("AWS::DynamoDB::Table");
    expect(table.BillingMode).toBe("PAY_PER_REQUEST");
    expect(table.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: "expires_at", Enabled: true });
    expect(variables.STORE_URL).toEqual({
      "Fn::Sub": `dynamodb:\${${name}}?region=\${AWS::Region}`,
    });
    expect(fn.Policies).toEqual([{ DynamoDBCrudPolicy: { TableName: { Ref: name } } }]);
  });

  it("takes the token and the secrets as NoEcho parameters, never as literals", () => {
    const secrets = {
      TELEGRAM_BOT_TOKEN: "TelegramBotToken",
      WEBHOOK_SECRET: "WebhookSecret",
      PAPAGO_CLIENT_SECRET: "PapagoClientSecret",
    };
    for (const [variable, parameter] of Object.entries(secrets)) {
      expect(variables[variable], variable).toEqual({ Ref: parameter });
      expect(template.Parameters[parameter]?.NoEcho, parameter).toBe(true);
      expect(template.Parameters[parameter]?.Default ?? "", parameter).toBe("");
    }
  });
});
