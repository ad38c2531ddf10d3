package dev.pokepipe.local.storage;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The XML bodies of the server's answers, element for element as S3 writes them. */
final class S3Xml {

    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private S3Xml() {
    }

    /** An error answer; {@code resourceElement} is "Key" or "BucketName", or null for neither. */
    static byte[] error(S3Error error, String resourceElement, String resource, String requestId) {
        StringBuilder xml = new StringBuilder(HEADER).append("<Error>");
        element(xml, "Code", error.code.s3Name);
        element(xml, "Message", error.getMessage());
        if (resourceElement != null && resource != null) {
            element(xml, resourceElement, resource);
        }
        element(xml, "RequestId", requestId);
        return xml.append("</Error>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A ListObjectsV2 page. */
    record ListPage(String bucket, String prefix, String delimiter, String startAfter, String continuationToken,
                    int maxKeys, boolean urlEncoded, List<ObjectFiles.StoredObject> contents,
                    List<String> commonPrefixes, String nextContinuationToken) {
    }

    static byte[] listBucketResult(ListPage page) {
        StringBuilder xml = new StringBuilder(HEADER).append("<ListBucketResult xmlns=\"").append(NAMESPACE).append("\">");
        element(xml, "Name", page.bucket());
        element(xml, "Prefix", encoded(page, page.prefix()));
        if (page.startAfter() != null) {
            element(xml, "StartAfter", encoded(page, page.startAfter()));
        }
        if (page.continuationToken() != null) {
            element(xml, "ContinuationToken", page.continuationToken());
        }
        if (page.nextContinuationToken() != null) {
            element(xml, "NextContinuationToken", page.nextContinuationToken());
        }
        element(xml, "KeyCount", Integer.toString(page.contents().size() + page.commonPrefixes().size()));
        element(xml, "MaxKeys", Integer.toString(page.maxKeys()));
        if (page.delimiter() != null) {
            element(xml, "Delimiter", encoded(page, page.delimiter()));
        }
        if (page.urlEncoded()) {
            element(xml, "EncodingType", "url");
        }
        element(xml, "IsTruncated", Boolean.toString(page.nextContinuationToken() != null));
        for (ObjectFiles.StoredObject object : page.contents()) {
            xml.append("<Contents>");
            element(xml, "Key", encoded(page, object.key()));
            element(xml, "LastModified", ISO_MILLIS.format(object.lastModified()));
            element(xml, "ETag", object.etag());
            element(xml, "Size", Long.toString(object.size()));
            element(xml, "StorageClass", "STANDARD");
            xml.append("</Contents>");
        }
        for (String prefix : page.commonPrefixes()) {
            xml.append("<CommonPrefixes>");
            element(xml, "Prefix", encoded(page, prefix));
            xml.append("</CommonPrefixes>");
        }
        return xml.append("</ListBucketResult>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** With {@code encoding-type=url}, names are sent URL-encoded (slashes kept, as S3 does). */
    private static String encoded(ListPage page, String value) {
        return page.urlEncoded() ? SigV4Encoding.encode(value, true) : value;
    }

    private static void element(StringBuilder xml, String name, String text) {
        xml.append('<').append(name).append('>');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                case '"' -> xml.append("&quot;");
                case '\'' -> xml.append("&apos;");
                case '\r' -> xml.append("&#13;");
                default -> xml.append(c);
            }
        }
        xml.append("</").append(name).append('>');
    }
}
