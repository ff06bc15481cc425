/**
 * The scale-out recipes of docs/scale-out.md: the Kubernetes Indexed Job manifest and the AWS Batch job definition
 * and submit-job input parse, and hold what the recipes rely on: one shard per index, as many shards as indexes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseShard } from '../../src/index.js';

/** The `--shard I/N` of a command line: the index text and N. */
function shardFlag(command: string): { index: string; count: number } {
  const match = /--shard\s+"?([^"\s/]+)\/(\d+)"?/.exec(command);
  expect(match, `no --shard I/N in: ${command}`).not.toBeNull();
  return { index: match![1]!, count: Number(match![2]) };
}

describe('docs/scale-out.md recipes', () => {
  test('Kubernetes: an Indexed Job whose completions equal the shards, each pod auditing shard $JOB_COMPLETION_INDEX', () => {
    const job = parse(readFileSync('docs/scale-out/kubernetes-audit-job.yaml', 'utf8')) as {
      apiVersion: string; kind: string;
      spec: { completionMode: string; completions: number; parallelism: number; template: { spec: { containers: Array<{ command: string[]; args: string[] }> } } };
    };
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    const command = [...job.spec.template.spec.containers[0]!.command, ...job.spec.template.spec.containers[0]!.args].join(' ');
    const shard = shardFlag(command);
    expect(shard.index).toBe('$JOB_COMPLETION_INDEX');
    expect(shard.count).toBe(job.spec.completions);
    expect(job.spec.parallelism).toBeLessThanOrEqual(job.spec.completions);
    // Each pod writes its own part: the output file names the index.
    expect(command).toMatch(/--out\s+"?[^"\s]*\$JOB_COMPLETION_INDEX[^"\s]*\.json/);
    expect('error' in parseShard(`0/${shard.count}`)).toBe(false);
    expect('error' in parseShard(`${shard.count - 1}/${shard.count}`)).toBe(false);
  });

  test('AWS Batch: an array job of as many children as shards, each auditing shard $AWS_BATCH_JOB_ARRAY_INDEX', () => {
    const definition = JSON.parse(readFileSync('docs/scale-out/aws-batch-job-definition.json', 'utf8')) as {
      jobDefinitionName: string; type: string; containerProperties: { command: string[] };
    };
    const submit = JSON.parse(readFileSync('docs/scale-out/aws-batch-submit-job.json', 'utf8')) as {
      jobDefinition: string; arrayProperties: { size: number };
    };
    expect(definition.type).toBe('container');
    expect(submit.jobDefinition).toBe(definition.jobDefinitionName);
    const command = definition.containerProperties.command.join(' ');
    const shard = shardFlag(command);
    expect(shard.index).toBe('$AWS_BATCH_JOB_ARRAY_INDEX');
    expect(shard.count).toBe(submit.arrayProperties.size);
    // AWS Batch array sizes run from 2 to 10,000.
    expect(submit.arrayProperties.size).toBeGreaterThanOrEqual(2);
    expect(submit.arrayProperties.size).toBeLessThanOrEqual(10_000);
    expect(command).toMatch(/part-\$AWS_BATCH_JOB_ARRAY_INDEX\.json/);
  });

  test('the guide names both files and the merge step', () => {
    const guide = readFileSync('docs/scale-out.md', 'utf8');
    for (const file of ['kubernetes-audit-job.yaml', 'aws-batch-job-definition.json', 'aws-batch-submit-job.json']) expect(guide).toContain(file);
    expect(guide).toMatch(/keyproof merge/);
  });
});
