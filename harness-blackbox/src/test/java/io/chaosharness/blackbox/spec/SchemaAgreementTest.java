package io.chaosharness.blackbox.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code docs/app-spec.schema.json} and the parser agree: on the fields, on the examples, and on bad specs. */
class SchemaAgreementTest {

    private static final Path DOCS = Path.of("..", "docs");
    private static JsonNode schemaNode;
    private static JsonSchema schema;

    @BeforeAll
    static void readSchema() throws IOException {
        schemaNode = new ObjectMapper().readTree(DOCS.resolve("app-spec.schema.json").toFile());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode);
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(DOCS.resolve("examples"))) {
            List<Path> out = files.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
            assertThat(out).as("example specs in docs/examples").hasSizeGreaterThanOrEqualTo(3);
            return out.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleIsValidForTheSchemaAndTheParser(Path example) throws IOException {
        JsonNode doc = new YAMLMapper().readTree(example.toFile()); // JSON is YAML too
        Set<ValidationMessage> errors = schema.validate(doc);
        assertThat(errors).as("schema errors in " + example).isEmpty();
        AppSpec spec = AppSpec.parse(example);
        assertThat(spec.journeys()).as("journeys of " + example).isNotEmpty();
    }

    @Test
    void theSchemaListsExactlyTheFieldsTheParserAccepts() {
        for (var kind : SpecBinder.FIELDS.entrySet()) {
            JsonNode def = kind.getKey().equals("root") ? schemaNode : schemaNode.path("$defs").path(kind.getKey());
            assertThat(def.isMissingNode()).as("schema $defs/" + kind.getKey()).isFalse();
            Set<String> inSchema = new TreeSet<>();
            def.path("properties").fieldNames().forEachRemaining(inSchema::add);
            assertThat(inSchema).as("fields of " + kind.getKey() + " in the schema")
                    .isEqualTo(new TreeSet<>(kind.getValue()));
            assertThat(def.path("additionalProperties").asBoolean(true))
                    .as(kind.getKey() + " refuses unknown fields in the schema too").isFalse();
        }
        List<String> objectDefs = new ArrayList<>();
        schemaNode.path("$defs").fields().forEachRemaining(e -> {
            if (e.getValue().has("properties")) {
                objectDefs.add(e.getKey());
            }
        });
        assertThat(SpecBinder.FIELDS.keySet()).as("every object of the schema is one the parser knows")
                .containsAll(objectDefs);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "baseUrl: http://h\njourneys: [{name: a, steps: [{path: /}]}]\nthinktime: 1s",
            "journeys: [{name: a, steps: [{path: /}]}]",
            "baseUrl: http://h\njourneys: [{name: a, steps: [{path: /, expect: 700}]}]",
            "baseUrl: http://h\njourneys: [{name: a, steps: [{path: login}]}]",
            "baseUrl: http://h\njourneys: [{name: a, steps: [{path: /}]}]\nload: {users: 1001}",
            "baseUrl: http://h\njourneys: [{name: a, steps: [{path: /}]}]\nload: {thinkTime: 5}",
            "baseUrl: http://h\njourneys: [{name: a, steps: [{path: /}]}]\nfallback: {}",
            "baseUrl: http://h\njourneys: [{name: a, steps: [{path: /}]}]\nmetrics: {path: /m, format: xml, values: {retries: r}}",
            "baseUrl: ftp://h\njourneys: [{name: a, steps: [{path: /}]}]",
            "baseUrl: http://h\njourneys: []"})
    void aBadSpecIsRefusedByBoth(String yaml) throws IOException {
        JsonNode doc = new YAMLMapper().readTree(yaml);
        assertThat(schema.validate(doc)).as("the schema refuses:\n" + yaml).isNotEmpty();
        assertThatThrownBy(() -> AppSpec.parse("bad.yaml", yaml)).as("the parser refuses:\n" + yaml)
                .isInstanceOf(SpecException.class);
    }
}
