from bitext.cli.main import main

main()
