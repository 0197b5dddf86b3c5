import type { FeatureSpecInput } from "../../plugins/sdk";
import type { ModelFields, Stage } from "../domain/model";

/** A demo model: its fields as an editor would enter them, plus its versions and feature contract. */
export interface DemoModel extends Omit<ModelFields, "requireKnownVersion" | "valuePerCorrectUsd" | "costPerErrorUsd"> {
  slug: string;
  /** USD per correct triage / per misrouted ticket: comparisons show net value per 1,000 requests */
  valuePerCorrectUsd?: number;
  costPerErrorUsd?: number;
  versions: { label: string; stage: Stage }[];
  features: FeatureSpecInput[];
}

/** The four production models whose stories the demo traffic hides for evaluations to find. */
export const DEMO_MODELS: DemoModel[] = [
  {
    slug: "fraud-risk",
    name: "Card fraud risk score",
    description:
      "Scores every card transaction for fraud risk before authorization. Training features come from the Spark batch pipeline; the online service recomputes them per request.",
    task: "binary",
    ownerTeam: "Risk ML",
    onCall: "risk-ml-oncall@acme.example",
    endpoint: "risk-scoring-svc POST /v2/score",
    businessMetric: "Fraud losses prevented (USD per week)",
    tags: ["payments", "tier-1", "realtime"],
    slos: [
      { name: "AUC ≥ 0.85", metric: "roc_auc", op: ">=", target: 0.85 },
      { name: "p95 latency ≤ 120 ms", metric: "p95_latency_ms", op: "<=", target: 120, unit: "ms" },
      { name: "Error rate ≤ 0.5%", metric: "error_rate", op: "<=", target: 0.005 },
    ],
    versions: [
      { label: "v3.1", stage: "retired" },
      { label: "v3.2", stage: "production" },
      { label: "v3.3", stage: "shadow" },
    ],
    features: [
      { name: "txn_amount", type: "numeric", key: true, nullable: false, min: 0, max: 50000 },
      { name: "txn_sum_30d", type: "numeric", key: true, nullable: false, min: 0 },
      { name: "txn_count_7d", type: "numeric", key: false, nullable: false, min: 0 },
      { name: "account_age_days", type: "numeric", key: false, nullable: true, min: 0 },
      { name: "merchant_category", type: "categorical", key: true, nullable: false, categories: ["grocery", "travel", "electronics", "restaurants", "fuel", "online_retail", "gaming"] },
      { name: "country", type: "categorical", key: false, nullable: false, categories: ["US", "GB", "DE", "FR", "BR", "IN"] },
      { name: "is_international", type: "boolean", key: false, nullable: false },
    ],
  },
  {
    slug: "lead-scoring",
    name: "B2B lead scoring",
    description: "Ranks inbound leads for the sales team by probability of converting to an opportunity within 60 days.",
    task: "binary",
    ownerTeam: "Growth Data Science",
    onCall: "growth-ds@acme.example",
    endpoint: "crm-enrichment POST /leads/score",
    businessMetric: "Qualified pipeline (USD per quarter)",
    tags: ["sales", "batch"],
    slos: [
      { name: "AUC ≥ 0.80 for every tier", metric: "roc_auc", op: ">=", target: 0.8, cohorts: "each" },
      { name: "p95 latency ≤ 300 ms", metric: "p95_latency_ms", op: "<=", target: 300, unit: "ms" },
    ],
    versions: [
      { label: "v1.4", stage: "production" },
      { label: "v1.5", stage: "candidate" },
    ],
    features: [
      { name: "employee_count", type: "numeric", key: true, nullable: true, min: 1 },
      { name: "web_visits_30d", type: "numeric", key: true, nullable: false, min: 0 },
      { name: "email_opens_30d", type: "numeric", key: false, nullable: false, min: 0 },
      { name: "industry", type: "categorical", key: false, nullable: true, categories: ["software", "finance", "healthcare", "retail", "manufacturing", "public_sector"] },
      { name: "account_tier", type: "categorical", key: true, nullable: false, categories: ["smb", "mid_market", "enterprise", "strategic"] },
    ],
  },
  {
    slug: "product-recs",
    name: "Product recommender",
    description: "Ranks ten products for the home page and cart page from the shopper's session and purchase history.",
    task: "ranking",
    ownerTeam: "Discovery",
    onCall: "discovery-oncall@acme.example",
    endpoint: "recs-api GET /v1/recommendations",
    businessMetric: "Add-to-cart rate from recommendations",
    tags: ["e-commerce", "tier-1", "realtime"],
    slos: [
      { name: "NDCG@10 ≥ 0.35", metric: "ndcg_at_k", op: ">=", target: 0.35 },
      { name: "p95 latency ≤ 80 ms", metric: "p95_latency_ms", op: "<=", target: 80, unit: "ms" },
    ],
    versions: [
      { label: "2025.09", stage: "production" },
      { label: "2025.11", stage: "canary" },
    ],
    features: [
      { name: "session_length", type: "numeric", key: true, nullable: false, min: 0 },
      { name: "cart_value", type: "numeric", key: false, nullable: false, min: 0 },
      { name: "days_since_last_order", type: "numeric", key: false, nullable: true, min: 0 },
      { name: "item_category", type: "categorical", key: true, nullable: false, categories: ["apparel", "home", "electronics", "beauty", "toys", "sports"] },
      { name: "device", type: "categorical", key: false, nullable: false, categories: ["ios", "android", "web"] },
    ],
  },
  {
    slug: "support-triage",
    name: "Support ticket triage",
    description:
      "Routes each incoming support ticket to a queue. Production runs a small text classifier; an LLM-based triage runs in shadow on the same tickets to decide whether its quality is worth its cost.",
    task: "multiclass",
    ownerTeam: "Support Automation",
    onCall: "support-automation@acme.example",
    endpoint: "ticket-router POST /triage",
    businessMetric: "Median time to resolution (hours)",
    // a misrouted ticket costs an agent ~4 minutes of re-triage (~$2.40); a correct one saves ~$0.30 of manual routing
    valuePerCorrectUsd: 0.3,
    costPerErrorUsd: 2.4,
    tags: ["support", "llm", "cost-sensitive"],
    slos: [
      { name: "Macro F1 ≥ 0.75", metric: "macro_f1", op: ">=", target: 0.75 },
      { name: "Cost per request ≤ $0.002", metric: "cost_per_request", op: "<=", target: 0.002, unit: "USD" },
      { name: "p95 latency ≤ 1500 ms", metric: "p95_latency_ms", op: "<=", target: 1500, unit: "ms" },
    ],
    versions: [
      { label: "clf-small-v2", stage: "production" },
      { label: "llm-triage-v1", stage: "shadow" },
    ],
    features: [
      { name: "ticket_length", type: "numeric", key: true, nullable: false, min: 0 },
      { name: "customer_plan", type: "categorical", key: true, nullable: false, categories: ["free", "pro", "business", "enterprise"] },
      { name: "channel", type: "categorical", key: false, nullable: false, categories: ["email", "chat", "web_form"] },
      { name: "language", type: "categorical", key: false, nullable: false, categories: ["en", "de", "fr", "es", "pt"] },
      { name: "has_attachment", type: "boolean", key: false, nullable: false },
    ],
  },
];

export const DEMO_WORKSPACE = { slug: "demo", name: "Acme ML (demo)" };
export const DEMO_USER = { email: "demo@evalbook.local", password: "evalbook-demo", name: "Dana Demo" };
