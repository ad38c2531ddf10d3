package dev.pokepipe.local.storage;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server against a second, independent S3 client: Python's boto3, if the machine has it. Its
 * signing, its URL-encoded listings and its error parsing owe nothing to the Java SDK.
 */
class Boto3ClientTest {

    private static final String SCRIPT = """
            import sys, boto3
            from botocore.config import Config
            from botocore.exceptions import ClientError
            endpoint, key, secret = sys.argv[1:4]
            s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=key, aws_secret_access_key=secret,
                              region_name="us-east-1", config=Config(s3={"addressing_style": "path"}))
            s3.put_object(Bucket="bucket", Key="runs/r1/a b+c.png", Body=b"\\x89PNG", ContentType="image/png")
            s3.put_object(Bucket="bucket", Key="runs/r1/z.png", Body=b"z")
            got = s3.get_object(Bucket="bucket", Key="runs/r1/a b+c.png")
            assert got["Body"].read() == b"\\x89PNG", "body"
            assert got["ContentType"] == "image/png", got["ContentType"]
            keys = [o["Key"] for o in s3.list_objects_v2(Bucket="bucket", Prefix="runs/r1/")["Contents"]]
            assert keys == ["runs/r1/a b+c.png", "runs/r1/z.png"], keys
            pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket="bucket", PaginationConfig={"PageSize": 1}))
            assert [o["Key"] for p in pages for o in p.get("Contents", [])] == keys, pages
            for call in (lambda: s3.get_object(Bucket="bucket", Key="missing"),
                         lambda: s3.head_object(Bucket="bucket", Key="missing")):
                try:
                    call()
                    raise AssertionError("no 404")
                except ClientError as e:
                    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 404, e.response
            try:
                s3.get_object(Bucket="bucket", Key="missing")
            except ClientError as e:
                assert e.response["Error"]["Code"] == "NoSuchKey", e.response
            print("ok")
            """;

    @TempDir
    Path dir;

    @Test
    void boto3PutsGetsListsAndSeesA404() throws Exception {
        Assumptions.assumeTrue(boto3Available(), "python3 with boto3 is not on this machine: boto3 check skipped");
        try (EmbeddedStorage storage = EmbeddedStorage.start(dir, 0)) {
            storage.ensureBucket("bucket");
            Process python = new ProcessBuilder("python3", "-c", SCRIPT, storage.endpoint().toString(),
                    storage.accessKey(), storage.secretKey()).redirectErrorStream(true).start();
            python.getOutputStream().close();
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(output).as("boto3 script output").isEqualToIgnoringWhitespace("ok");
            assertThat(storage.fileOf("bucket", "runs/r1/a b+c.png")).hasBinaryContent(new byte[]{(byte) 0x89, 'P', 'N', 'G'});
        }
    }

    private static boolean boto3Available() {
        try {
            Process check = new ProcessBuilder("python3", "-c", "import boto3").redirectErrorStream(true).start();
            check.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
