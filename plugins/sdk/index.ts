/**
 * evalbook plugin SDK — the only module a plugin imports (besides zod).
 * See plugins/README.md for the contract and a complete example.
 */
export { z } from "zod";
export * from "./frame";
export * from "./dictionary";
export * from "./contract";
export * from "./result";
export * from "./define";
export * from "./drift";
export * from "./drift-evaluator";
export * from "./column-drift-evaluator";
export * from "./evaluator-families";
export * from "./labels";
export { sortedFinite, primeSorted, hasSorted, sortFiniteInPlace, makeSortFiniteInPlace, sortFiniteFrom, finiteProbe, finiteCopy, upperBound, lowerBound } from "./math/sort";
export type { SortedColumn } from "./math/sort";
export { quantileSorted, sum, meanVar, meanVarFinite, pairwiseSum, stdPopulation } from "./math/describe";
export { ks2Samp, ksPValue, ksStatistic, ksExactPValue, KS_MAX_AUTO_N } from "./math/ks";
export { ksAndWasserstein, walkPair, primePair, hasPair } from "./math/pair";
export type { PairStats } from "./math/pair";
export type { KsResult } from "./math/ks";
export { kolmogornSf, smirnov } from "./math/kolmogorov";
export { RankSketch, DEFAULT_SKETCH_K, sketchCdf, sketchRank, sketchRankBelow, sketchHistogram, sketchKsWasserstein, sketchQuantile, sketchCountInEdges } from "./math/rank-sketch";
export type { SketchView } from "./math/rank-sketch";
export { chisquare, proportionsZTest } from "./math/chisquare";
export { fisherExact2x2 } from "./math/fisher";
export { wasserstein1, jensenShannon, quantileEdges, countInEdges, psiFromCounts, sturgesEdges, histogramSorted } from "./math/distance";
export { lgamma, gammaincc, gammainc, chi2Sf, erfc, normalCdf, normalSf } from "./math/special";
export * from "./math/binary";
export * from "./math/multiclass";
export * from "./math/regression";
export * from "./math/ranking";
export * from "./math/ranking-lists";
export * from "./math/slices";
export { seededRandom, sampleValues, partialShuffle } from "./math/random";
export * from "./math/recsys";
export * from "./math/logistic";
export * from "./math/pca";
export * from "./math/paired";
export * from "./math/cell-bootstrap";
export * from "./comparison";
export * from "./comparison-metrics";
export * from "./math/routing";
export * from "./math/isotonic";
export * from "./math/cbpe";
