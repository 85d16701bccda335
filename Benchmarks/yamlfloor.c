/* The YAML floor: load a file into libyaml's document tree (its C loader) and nothing more.
 * Usage: yamlfloor FILE  — prints the number of nodes loaded. Built by Benchmarks/run. */
#include <stdio.h>
#include <yaml.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: yamlfloor FILE\n"); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    long nodes = 0;
    for (;;) {
        yaml_document_t doc;
        if (!yaml_parser_load(&parser, &doc)) {
            fprintf(stderr, "%s: %s at line %zu\n", argv[1], parser.problem, parser.problem_mark.line + 1);
            return 1;
        }
        if (!yaml_document_get_root_node(&doc)) { yaml_document_delete(&doc); break; }
        nodes += doc.nodes.top - doc.nodes.start;
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    fclose(f);
    printf("%ld nodes\n", nodes);
    return 0;
}
