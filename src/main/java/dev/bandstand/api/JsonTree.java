package dev.bandstand.api;

import static dev.bandstand.api.JsonFields.index;
import static dev.bandstand.api.JsonFields.join;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bandstand.placement.Rejection;
import java.io.IOException;

/**
 * Reads a request body into a Jackson tree token by token, so that a refusal can say why and
 * where: a duplicate key names its JSON path, a {@code NaN} or {@code Infinity} literal the
 * value's path, content after the object and nesting deeper than {@link #MAX_DEPTH} say so.
 * Every refusal is a 400 {@link Rejection}: {@code INVALID_JSON}, or {@code WRONG_TYPE} for a
 * body that is JSON but not an object. Thread-safe.
 */
final class JsonTree {

    /** Deepest nesting of objects and arrays accepted; requests need five levels. */
    static final int MAX_DEPTH = 32;

    // NaN and Infinity are read as numbers only to be refused with the path of the value
    private final JsonFactory factory = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    /** The body as one JSON object. */
    ObjectNode read(byte[] body) {
        try (JsonParser parser = factory.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw invalid(null, "body is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw Rejection.badRequest("WRONG_TYPE", null, "body must be a JSON object");
            }
            ObjectNode root = object(parser, "", 1);
            requireEnd(parser);
            return root;
        } catch (StreamConstraintsException e) {
            throw invalid(null, "body holds a number or a string longer than JSON parsing"
                    + " allows" + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw invalid(null, "body is not valid JSON" + at(e.getLocation()));
        } catch (IOException e) {
            throw invalid(null, "body could not be read");
        }
    }

    private ObjectNode object(JsonParser parser, String path, int depth) throws IOException {
        checkDepth(depth);
        ObjectNode object = nodes.objectNode();
        for (String name = parser.nextFieldName(); name != null;
                name = parser.nextFieldName()) {
            String at = join(path, name);
            if (object.has(name)) {
                throw invalid(at, "duplicate key `" + name + "`"
                        + (path.isEmpty() ? "" : " in " + path)
                        + ": each key may appear once in an object");
            }
            parser.nextToken();
            object.set(name, value(parser, at, depth));
        }
        return object;
    }

    private ArrayNode array(JsonParser parser, String path, int depth) throws IOException {
        checkDepth(depth);
        ArrayNode array = nodes.arrayNode();
        for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
            array.add(value(parser, index(path, i), depth));
        }
        return array;
    }

    /** The value at the parser's current token; containers go one level deeper. */
    private JsonNode value(JsonParser parser, String path, int depth) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> object(parser, path, depth + 1);
            case START_ARRAY -> array(parser, path, depth + 1);
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> finite(parser, path);
            case VALUE_TRUE, VALUE_FALSE -> nodes.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> nodes.nullNode();
            default -> throw invalid(path, "unexpected JSON token " + token + at(
                    parser.currentTokenLocation()));
        };
    }

    /** A number, unless it is a NaN or Infinity literal (JSON has neither). */
    private JsonNode finite(JsonParser parser, String path) throws IOException {
        String text = parser.getText();
        // every JSON number ends with a digit; the literals NaN, Infinity, INF do not
        if (!Character.isDigit(text.charAt(text.length() - 1))) {
            throw invalid(path, path + ": " + text + " is not JSON; send a finite number");
        }
        // 1e999 becomes Infinity, which the field's own check refuses as out of range
        return nodes.numberNode(parser.getDoubleValue());
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw invalid(null, "body nests objects and arrays deeper than " + MAX_DEPTH
                    + " levels");
        }
    }

    /** Refuses anything but white space after the object. */
    private static void requireEnd(JsonParser parser) throws IOException {
        JsonLocation where;
        try {
            if (parser.nextToken() == null) {
                return;
            }
            where = parser.currentTokenLocation();
        } catch (JsonProcessingException e) {
            where = e.getLocation();
        }
        throw invalid(null, "trailing content after the JSON object" + at(where)
                + ": send exactly one object");
    }

    private static Rejection invalid(String field, String message) {
        return Rejection.badRequest("INVALID_JSON", field, message);
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (at line " + location.getLineNr() + ", column " + location.getColumnNr()
                        + ")";
    }
}
