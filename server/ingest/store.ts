// The v1 HTTP layer (moving to server/api/v1) still imports the store from here; it lives in
// server/predictions. Remove this file once that move has merged.
export { ingestStore, type ModelRef, type PredictionStore } from "../predictions/store";
